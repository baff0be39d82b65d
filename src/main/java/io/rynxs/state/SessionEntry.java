package io.rynxs.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the state holds about one Session: its free-form spec as last observed. */
public record SessionEntry(Map<String, Object> spec, String specHash, long lastObservedSeq) {
    public SessionEntry {
        if (spec == null || specHash == null || lastObservedSeq < 1) {
            throw new StateException("session entry at seq " + lastObservedSeq + ": spec and specHash are required and seq must be >= 1");
        }
        spec = Collections.unmodifiableMap(spec);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lastObservedSeq", lastObservedSeq);
        m.put("spec", spec);
        m.put("specHash", specHash);
        return m;
    }

    static SessionEntry fromJson(JsonFields f) {
        Map<String, Object> spec = f.object("spec");
        return new SessionEntry(spec, f.specHash(spec), f.integer("lastObservedSeq", 1));
    }
}
