package io.rynxs.segment;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The reference check a segment line was held to before {@link SegmentLine}: parse it into values, write
 * them back canonically and compare bytes. Slow and obviously right; the tests hold the one-pass scanner to it.
 * Reads one segment line strictly: UTF-8, exactly the ten fields, and canonical — the event written back
 * with {@link Event#line()} must give the same bytes. The hash and links are checked by the verifier.
 */
final class ReferenceLine {
    private static final Set<String> FIELDS = Set.of("v", "seq", "type", "aggregate", "time", "epoch", "payload", "meta",
            "prev", "hash");
    private static final int MAX_DEPTH = 66;

    private ReferenceLine() {}

    /** The event on the line, or an {@link InvalidEventException} saying why the line is not one. */
    @SuppressWarnings("unchecked")
    static Event parse(byte[] line) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("line is not valid UTF-8");
        }
        Map<String, Object> m = Json.parseObject(text, MAX_DEPTH);
        if (!m.keySet().equals(FIELDS)) {
            throw new InvalidEventException("fields " + m.keySet() + " are not exactly " + FIELDS);
        }
        if (!(m.get("v") instanceof Long v) || !(m.get("seq") instanceof Long seq) || !(m.get("epoch") instanceof Long epoch)) {
            throw new InvalidEventException("v, seq and epoch must be integers");
        }
        if (!(m.get("payload") instanceof Map<?, ?> payload) || !(m.get("meta") instanceof Map<?, ?> meta)) {
            throw new InvalidEventException("payload and meta must be objects");
        }
        Event e = new Event(v.intValue(), seq, string(m, "type"), string(m, "aggregate"), string(m, "time"), epoch,
                CanonicalJson.of((Map<String, Object>) payload), CanonicalJson.of((Map<String, Object>) meta),
                string(m, "prev"), string(m, "hash"));
        if (!Arrays.equals(e.line().getBytes(StandardCharsets.UTF_8), line)) {
            throw new InvalidEventException("event " + seq + ": line is not in RFC 8785 canonical form (it was rewritten)");
        }
        return e;
    }

    private static String string(Map<String, Object> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw new InvalidEventException(field + " must be a string");
        }
        return s;
    }
}
