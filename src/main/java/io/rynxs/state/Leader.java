package io.rynxs.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** The latest leader to announce itself with {@code LeaderElected}: who, with which epoch, at which seq. */
public record Leader(String identity, long epoch, long seq) {
    public Leader {
        if (identity == null || identity.isEmpty() || epoch < 0 || seq < 1) {
            throw new StateException("leader at seq " + seq + ": identity must be non-empty, epoch >= 0 and seq >= 1");
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("identity", identity);
        m.put("seq", seq);
        return m;
    }

    static Leader fromJson(JsonFields f) {
        return new Leader(f.string("identity"), f.integer("epoch", 0), f.integer("seq", 1));
    }
}
