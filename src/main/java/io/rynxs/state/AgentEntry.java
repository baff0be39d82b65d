package io.rynxs.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the state holds about one Agent: its normalized spec as last observed and its phase. The spec
 * and labels are kept as parsed (read-only maps of plain JSON values).
 */
public record AgentEntry(Map<String, Object> spec, Map<String, String> labels, String specHash,
                         long generation, Phase phase, long lastObservedSeq) {
    public AgentEntry {
        if (spec == null || labels == null || specHash == null || phase == null) {
            throw new StateException("agent entry at seq " + lastObservedSeq + ": spec, labels, specHash and phase are required");
        }
        if (generation < 1 || lastObservedSeq < 1) {
            throw new StateException("agent entry: generation " + generation + " and lastObservedSeq " + lastObservedSeq + " must be >= 1");
        }
        spec = Collections.unmodifiableMap(spec);
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    public AgentEntry withPhase(Phase next) {
        return next == phase ? this : new AgentEntry(spec, labels, specHash, generation, next, lastObservedSeq);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generation", generation);
        m.put("labels", labels);
        m.put("lastObservedSeq", lastObservedSeq);
        m.put("phase", phase.name());
        m.put("spec", spec);
        m.put("specHash", specHash);
        return m;
    }

    /** Reads the snapshot form. */
    static AgentEntry fromJson(JsonFields f) {
        Phase phase;
        try {
            phase = Phase.valueOf(f.string("phase"));
        } catch (IllegalArgumentException e) {
            throw f.fail("phase", "is not one of Pending, Ready, Failed");
        }
        Map<String, Object> spec = f.object("spec");
        return new AgentEntry(spec, labels(f), f.specHash(spec), f.integer("generation", 1), phase,
                f.integer("lastObservedSeq", 1));
    }

    /** Reads {@code labels}: an object whose values are all strings. */
    static Map<String, String> labels(JsonFields f) {
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, Object> e : f.object("labels").entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw f.fail("labels", "value of \"" + e.getKey() + "\" is " + JsonFields.describe(e.getValue()) + ", not a string");
            }
            labels.put(e.getKey(), s);
        }
        return labels;
    }
}
