package io.rynxs.api;

import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import io.rynxs.event.Sha256;
import io.rynxs.event.Utf8;
import io.rynxs.store.EventQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code next} token of {@code GET /events}: the query that fetches the following page, minus its
 * limit, as base64url JSON plus a base64url checksum of it. Clients treat it as opaque; an edited,
 * truncated or foreign token fails the checksum or the shape check and is refused with a 400.
 * It is integrity-checked, not secret: it carries only what the client asked for.
 */
final class Cursor {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Set<String> KEYS = Set.of("v", "after", "before", "desc", "type", "aggregate", "since", "until");
    private static final int MAX_LENGTH = 2048;

    private Cursor() {}

    /** The token for the page after {@code lastSeq} of {@code q}. */
    static String next(EventQuery q, long lastSeq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1L);
        m.put("after", q.descending() ? q.afterSeq() : lastSeq);
        m.put("before", q.descending() ? lastSeq : q.beforeSeq());
        m.put("desc", q.descending());
        m.put("type", q.type() == null ? Json.NULL : q.type());
        m.put("aggregate", q.aggregate() == null ? Json.NULL : q.aggregate());
        m.put("since", q.since() == null ? Json.NULL : q.since().toString());
        m.put("until", q.until() == null ? Json.NULL : q.until().toString());
        byte[] json = Json.write(m).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(json) + "." + ENCODER.encodeToString(checksum(json));
    }

    /** The query a token stands for, with the given limit. */
    static EventQuery parse(String token, int limit) {
        if (token.length() > MAX_LENGTH) {
            throw invalid("it is longer than " + MAX_LENGTH + " characters");
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            throw invalid("it has no checksum part");
        }
        byte[] json;
        byte[] sum;
        try {
            json = DECODER.decode(token.substring(0, dot));
            sum = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid("it is not base64url");
        }
        if (!Arrays.equals(sum, checksum(json))) {
            throw invalid("its checksum does not match (it was edited or truncated)");
        }
        try {
            // The checksum is no secret, so a client can forge one over bytes that are not UTF-8: decode strictly.
            Map<String, Object> m = Json.parseObject(Utf8.decode(json, "cursor", "start again without cursor"), 2);
            if (!m.keySet().equals(KEYS) || !Long.valueOf(1).equals(m.get("v"))) {
                throw invalid("its fields are not those of a version 1 cursor");
            }
            return new EventQuery((Long) m.get("after"), (Long) m.get("before"), limit, (Boolean) m.get("desc"),
                    text(m, "type"), text(m, "aggregate"), time(m, "since"), time(m, "until"));
        } catch (InvalidEventException | ClassCastException | IllegalArgumentException | DateTimeParseException e) {
            throw invalid("its content is malformed");
        }
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == Json.NULL ? null : (String) v;
    }

    private static Instant time(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == Json.NULL ? null : Instant.parse((String) v);
    }

    private static byte[] checksum(byte[] json) {
        return Arrays.copyOf(Sha256.digest(json), 12);
    }

    private static ApiProblem invalid(String why) {
        return new ApiProblem(400, "invalid-cursor", "Invalid cursor",
                "query parameter cursor is not a cursor this API issued: " + why + " (start again without cursor)");
    }
}
