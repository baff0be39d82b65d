package io.rynxs.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** The latest successful execution of one action: what it did and at which seq it was recorded. */
public record Applied(ApplyResult result, long seq) {
    public Applied {
        if (result == null || seq < 1) {
            throw new StateException("applied action at seq " + seq + ": a result and a seq >= 1 are required");
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", result.json());
        m.put("seq", seq);
        return m;
    }

    /** Reads {@code result} from a payload or snapshot; the seq comes from the caller. */
    static ApplyResult result(JsonFields f) {
        ApplyResult r = ApplyResult.fromJson(f.string("result"));
        if (r == null) {
            throw f.fail("result", "is not one of created, updated, unchanged");
        }
        return r;
    }

    static Applied fromJson(JsonFields f) {
        return new Applied(result(f), f.integer("seq", 1));
    }
}
