package io.rynxs.decision;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.state.AgentEntry;
import io.rynxs.state.ContentHash;
import io.rynxs.state.KnownEventType;
import io.rynxs.state.State;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** An Agent as the log records it: name, namespace, generation, normalized spec and allowed labels. */
public record ObservedAgent(String namespace, String name, long generation, AgentSpec spec, SortedMap<String, String> labels) {
    public ObservedAgent {
        if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("observed agent: namespace and name are required");
        }
        if (generation < 1) {
            throw new IllegalArgumentException("observed agent " + namespace + "/" + name + ": generation " + generation + " is below 1");
        }
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** {@code "namespace/name"}, the agent's key in the state. */
    public String key() {
        return namespace + "/" + name;
    }

    public String specHash() {
        return ContentHash.ofObject(spec.toJson());
    }

    /**
     * True when the state already holds exactly this spec and these labels, so observing again would only
     * repeat it (resyncs and restarts must not flood the log). The generation alone does not count: a
     * change the normalizer erases is no change.
     */
    public boolean isRecordedIn(State state) {
        AgentEntry entry = state.agents().get(key());
        return entry != null && entry.specHash().equals(specHash()) && entry.labels().equals(labels);
    }

    /** The {@code AgentObserved} event of docs/EVENTS.md. */
    public NewEvent event() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("generation", generation);
        p.put("labels", labels);
        p.put("name", name);
        p.put("namespace", namespace);
        p.put("spec", spec.toJson());
        p.put("specHash", specHash());
        return new NewEvent(KnownEventType.AgentObserved.name(), KnownEventType.agentAggregate(namespace, name), CanonicalJson.of(p), null);
    }

    /** The agent as the state holds it: the recorded spec parsed again, so decisions replay from the log alone. */
    public static ObservedAgent fromState(String key, AgentEntry entry) {
        int slash = key.indexOf('/');
        return AgentNormalizer.normalize(key.substring(0, slash), key.substring(slash + 1), entry.generation(), entry.labels(), entry.spec());
    }
}
