package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.event.Json;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@link Provenance}: the events that explain an object, newest first, each with its
 * inclusion proof in the tree named by {@link Anchor}.
 */
public record ProvenanceReport(String kind, String namespace, String name, Anchor anchor, List<Link> chain) {
    public ProvenanceReport {
        chain = List.copyOf(chain);
    }

    /** The tree the proofs are against: a signed checkpoint's (its note included) or, when none covers the chain, the head's. */
    public record Anchor(long treeSize, String root, boolean checkpoint, String note) {}

    /** One event of the chain and its proof. */
    public record Link(Event event, InclusionProof proof) {}

    public Map<String, Object> toJson() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("treeSize", anchor.treeSize());
        a.put("root", anchor.root());
        a.put("source", anchor.checkpoint() ? "checkpoint" : "head");
        if (anchor.note() != null) {
            a.put("note", anchor.note());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("namespace", namespace);
        m.put("name", name);
        m.put("anchor", a);
        m.put("chain", chain.stream().<Object>map(l -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("leafIndex", l.proof().leafIndex());
            p.put("treeSize", l.proof().treeSize());
            p.put("hashes", l.proof().hashes().stream().<Object>map(Hash32::hex).toList());
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("seq", l.event().seq());
            link.put("type", l.event().type());
            link.put("event", Json.parseObject(l.event().line(), 128));
            link.put("proof", p);
            return link;
        }).toList());
        return m;
    }
}
