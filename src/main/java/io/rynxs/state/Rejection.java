package io.rynxs.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** An event of a known type whose payload the reducer could not use: kept in state so an auditor sees it. */
public record Rejection(long seq, String type, String reason) {
    public Rejection {
        if (seq < 1 || type == null || reason == null || reason.isEmpty()) {
            throw new StateException("rejection at seq " + seq + ": a seq >= 1, a type and a reason are required");
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason);
        m.put("seq", seq);
        m.put("type", type);
        return m;
    }

    static Rejection fromJson(JsonFields f) {
        return new Rejection(f.integer("seq", 1), f.string("type"), f.string("reason"));
    }
}
