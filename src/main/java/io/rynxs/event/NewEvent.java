package io.rynxs.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a producer asks to append: the fields it chooses. The store adds {@code seq}, {@code time},
 * {@code epoch} and {@code prev} inside its write transaction.
 */
public record NewEvent(String type, String aggregate, CanonicalJson payload, CanonicalJson meta) {
    public NewEvent {
        EventType.check(type);
        Aggregate.check(aggregate);
        if (payload == null) {
            payload = CanonicalJson.EMPTY;
        }
        if (meta == null) {
            meta = CanonicalJson.EMPTY;
        }
    }

    /** Parses payload and meta text under the given limits; either may be null for {@code {}}. */
    public static NewEvent of(String type, String aggregate, String payloadJson, String metaJson, JsonLimits limits) {
        EventType.check(type);
        Aggregate.check(aggregate);
        CanonicalJson payload = payloadJson == null ? CanonicalJson.EMPTY : CanonicalJson.parse(payloadJson, limits, "event payload");
        CanonicalJson meta = metaJson == null ? CanonicalJson.EMPTY : CanonicalJson.parse(metaJson, limits, "event meta");
        return new NewEvent(type, aggregate, payload, meta);
    }

    /** A copy whose meta carries one more field (used to stamp the appender's identity). */
    public NewEvent withMeta(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(meta.toMap());
        m.put(key, value);
        return new NewEvent(type, aggregate, payload, CanonicalJson.of(m));
    }
}
