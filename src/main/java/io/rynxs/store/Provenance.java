package io.rynxs.store;

import io.rynxs.decision.OwnedKind;
import io.rynxs.event.Event;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.merkle.ProofException;
import io.rynxs.state.KnownEventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why does this object exist (docs/DESIGN.md, The operator)? For an object an Agent owns: the {@code ActionApplied} that
 * gave it its current form, the {@code ActionsDecided} it carried out and the {@code AgentObserved} that
 * triggered that. For an Agent: its latest observation, the decision it triggered and that decision's
 * results. Every event comes with its inclusion proof against the latest checkpoint that covers it (or the
 * head when none does), checked before it is returned.
 */
public final class Provenance {

    private final EventStore store;
    private final Checkpoints checkpoints;

    public Provenance(EventStore store, Checkpoints checkpoints) {
        this.store = store;
        this.checkpoints = checkpoints;
    }

    /** The chain for {@code kind} {@code namespace/name}; empty when the log never produced such an object. */
    public Optional<ProvenanceReport> explain(String kind, String namespace, String name) {
        List<Event> chain = kind.equals("Agent") ? agentChain(namespace, name) : ownedChain(kind, namespace, name);
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        long newest = chain.stream().mapToLong(Event::seq).max().orElseThrow();
        Optional<StoredCheckpoint> cp = checkpoints.latest().filter(c -> c.treeSize() >= newest);
        long size = cp.map(StoredCheckpoint::treeSize).orElse(store.head().seq());
        Hash32 root = store.root(size);
        List<ProvenanceReport.Link> links = new ArrayList<>();
        for (Event e : chain) {
            InclusionProof proof = store.inclusionProof(e.seq(), size);
            try {
                proof.verify(new Hash32(MerkleHasher.leafHash(e.hashBytes())), root);
            } catch (ProofException ex) {
                throw new StoreException("provenance " + kind + " " + namespace + "/" + name + ": the proof of seq " + e.seq()
                        + " does not verify: " + ex.getMessage() + " (the Merkle tables disagree with the events; run rynxs verify)");
            }
            links.add(new ProvenanceReport.Link(e, proof));
        }
        return Optional.of(new ProvenanceReport(kind, namespace, name,
                new ProvenanceReport.Anchor(size, root.hex(), cp.isPresent(), cp.map(StoredCheckpoint::note).orElse(null)), links));
    }

    private List<Event> ownedChain(String kind, String namespace, String name) {
        String suffix = OwnedKind.of(kind).map(OwnedKind::suffix).orElse(null);
        if (suffix == null || !name.endsWith(suffix) || name.length() == suffix.length()) {
            return List.of();
        }
        List<Event> history = history(namespace, name.substring(0, name.length() - suffix.length()));
        Event applied = null;
        String actionId = null;
        for (Event e : history) { // newest first
            Map<String, Object> p = e.payload().toMap();
            if (!e.type().equals(KnownEventType.ActionApplied.name()) || !kind.equals(p.get("kind")) || !name.equals(p.get("name"))
                    || (actionId != null && !actionId.equals(p.get("actionId")))) {
                continue;
            }
            if (applied == null) {
                applied = e;
                actionId = (String) p.get("actionId");
            }
            if (!"unchanged".equals(p.get("result"))) {
                applied = e; // the write that gave the object its current form; later "unchanged" only confirmed it
                break;
            }
        }
        if (applied == null) {
            return List.of();
        }
        Event decided = null;
        for (Event e : history) {
            if (e.seq() < applied.seq() && e.type().equals(KnownEventType.ActionsDecided.name()) && contains(e, actionId)) {
                decided = e;
                break;
            }
        }
        List<Event> chain = new ArrayList<>(List.of(applied));
        if (decided != null) {
            chain.add(decided);
            trigger(decided).ifPresent(chain::add);
        }
        return chain;
    }

    private List<Event> agentChain(String namespace, String name) {
        List<Event> history = history(namespace, name);
        Event observed = history.stream().filter(e -> e.type().equals(KnownEventType.AgentObserved.name())).findFirst().orElse(null);
        if (observed == null) {
            return List.of();
        }
        List<Event> chain = new ArrayList<>(List.of(observed));
        List<Event> after = new ArrayList<>(history.stream().filter(e -> e.seq() > observed.seq()).toList());
        Collections.reverse(after); // oldest first
        Event decided = after.stream().filter(e -> e.type().equals(KnownEventType.ActionsDecided.name())
                && trigger(e).map(t -> t.seq() == observed.seq()).orElse(false)).findFirst().orElse(null);
        if (decided != null) {
            chain.add(decided);
            after.stream().filter(e -> e.seq() > decided.seq() && (e.type().equals(KnownEventType.ActionApplied.name())
                    || e.type().equals(KnownEventType.ActionFailed.name()))).forEach(chain::add);
        }
        return chain;
    }

    /** The agent's events, newest first. */
    private List<Event> history(String namespace, String agent) {
        String aggregate = KnownEventType.agentAggregate(namespace, agent);
        List<Event> out = new ArrayList<>();
        long before = 0;
        while (true) {
            List<Event> page = store.events(new EventQuery(0, before, EventQuery.MAX_LIMIT, true, null, aggregate, null, null));
            out.addAll(page);
            if (page.size() < EventQuery.MAX_LIMIT) {
                return out;
            }
            before = page.get(page.size() - 1).seq();
        }
    }

    private static boolean contains(Event decided, String actionId) {
        if (decided.payload().toMap().get("actions") instanceof List<?> actions) {
            return actions.stream().anyMatch(a -> a instanceof Map<?, ?> m && actionId.equals(m.get("id")));
        }
        return false;
    }

    private Optional<Event> trigger(Event decided) {
        if (decided.payload().toMap().get("trigger") instanceof Map<?, ?> t && t.get("seq") instanceof Number seq) {
            return store.event(seq.longValue());
        }
        return Optional.empty();
    }
}
