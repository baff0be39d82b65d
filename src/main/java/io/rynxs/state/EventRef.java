package io.rynxs.state;

import io.rynxs.event.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;

/** A position in the chain: an event's seq and hash (seq 0 with 64 zeros names the empty log). */
public record EventRef(long seq, String hash) {
    /** The head of the empty log. */
    public static final EventRef GENESIS = new EventRef(0, Sha256.ZERO_HEX);

    public EventRef {
        if (seq < 0) {
            throw new StateException("event reference: seq " + seq + " is negative (sequences start at 1, 0 is the empty log)");
        }
        if (!Sha256.isHash(hash)) {
            throw new StateException("event reference at seq " + seq + ": hash is not 64 lowercase hex characters");
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", hash);
        m.put("seq", seq);
        return m;
    }

    static EventRef fromJson(JsonFields f) {
        return new EventRef(f.integer("seq", 0), f.hash("hash"));
    }
}
