package io.rynxs.segment;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.CanonicalScanner;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.LineFormat;
import io.rynxs.event.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One segment line read strictly: UTF-8, exactly the ten fields, and canonical (what {@link Event#line()}
 * writes, byte for byte), with the SHA-256 of its nine hashed fields recomputed from the line's own bytes.
 * The hash and links are compared by the verifier.
 *
 * <p>A canonical line is the canonical nine-field object with {@code ,"hash":"…"} inserted after
 * {@code epoch} (JCS key order), so the hashed bytes are the line without that member: no re-serialising.
 *
 * @param event          the event on the line
 * @param storedHash     the line's {@code hash} field as 32 bytes (the Merkle leaf data)
 * @param recomputedHash SHA-256 of the line's bytes without its {@code hash} member
 */
record SegmentLine(Event event, byte[] storedHash, byte[] recomputedHash) {
    private static final HexFormat HEX = HexFormat.of();

    /** The ten keys in JCS order. */
    private static final String[] FIELDS = LineFormat.FIELDS.toArray(String[]::new);
    private static final int AGGREGATE = 0;
    private static final int EPOCH = 1;
    private static final int HASH = 2;
    private static final int META = 3;
    private static final int PAYLOAD = 4;
    private static final int PREV = 5;
    private static final int SEQ = 6;
    private static final int TIME = 7;
    private static final int TYPE = 8;
    private static final int V = 9;
    /** Payload and meta nest up to 64 levels (the append limit) inside the line and their own object. */
    static final int MAX_DEPTH = 66;

    /** Whether the recomputed hash equals the line's {@code hash} field. */
    boolean hashMatches() {
        return Arrays.equals(recomputedHash, storedHash);
    }

    /** Reads the line in {@code bytes[from, to)} (no newline), or throws an {@link InvalidEventException} saying why it is not one. */
    static SegmentLine read(byte[] bytes, int from, int to, MessageDigest digest) {
        CanonicalScanner s = new CanonicalScanner(bytes, from, to, MAX_DEPTH);
        if (s.peek() != '{') {
            throw s.error("a line must be one JSON object");
        }
        s.expect('{');
        String[] strings = new String[FIELDS.length];
        long[] numbers = new long[FIELDS.length];
        int[] spans = new int[2 * FIELDS.length];
        int hashMemberStart = -1;
        boolean escapes = false;
        for (int i = 0; i < FIELDS.length; i++) {
            if (i > 0) {
                if (i == HASH) {
                    hashMemberStart = s.pos();
                }
                if (!s.comma('}')) {
                    throw new InvalidEventException("line has fields " + String.join(", ", Arrays.copyOf(FIELDS, i))
                            + " only (a line holds exactly " + String.join(", ", FIELDS) + ")");
                }
            }
            int keyAt = s.pos();
            if (s.peek() != '"') {
                throw s.error("expected a string key");
            }
            String key = s.string(true);
            if (!key.equals(FIELDS[i])) {
                throw new InvalidEventException("line has field \"" + key + "\" at byte " + (keyAt - from) + " where \"" + FIELDS[i]
                        + "\" belongs (a line holds exactly " + String.join(", ", FIELDS) + ", in this order)");
            }
            s.expect(':');
            int valueAt = s.pos();
            switch (i) {
                case EPOCH, SEQ, V -> {
                    Long n = s.peek() == '-' || (s.peek() >= '0' && s.peek() <= '9') ? s.number() : wrongType(s, "v, seq and epoch must be integers");
                    if (n == null) {
                        throw new InvalidEventException("v, seq and epoch must be integers");
                    }
                    numbers[i] = n;
                }
                case META, PAYLOAD -> {
                    if (s.peek() != '{') {
                        wrongType(s, "payload and meta must be objects");
                    }
                    s.object(2);
                }
                default -> {
                    if (s.peek() != '"') {
                        wrongType(s, FIELDS[i] + " must be a string");
                    }
                    strings[i] = s.string(true);
                    escapes |= s.lastStringEscaped();
                }
            }
            spans[2 * i] = valueAt;
            spans[2 * i + 1] = s.pos();
        }
        if (s.comma('}')) {
            throw s.error("a field after \"v\" (a line holds exactly " + String.join(", ", FIELDS) + ")");
        }
        if (!s.atEnd()) {
            throw s.error("text after the event object");
        }
        if (numbers[V] != Event.VERSION) {
            throw new InvalidEventException("event " + numbers[SEQ] + ": envelope version " + numbers[V] + " is not supported (only "
                    + Event.VERSION + ")");
        }
        Event e = new Event(Event.VERSION, numbers[SEQ], strings[TYPE], strings[AGGREGATE], strings[TIME], numbers[EPOCH],
                new CanonicalJson(text(bytes, spans, PAYLOAD)), new CanonicalJson(text(bytes, spans, META)), strings[PREV], strings[HASH]);
        if (escapes && !Arrays.equals(e.line().getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(bytes, from, to))) {
            // An escaped character in a string field that the event's own writer leaves raw: not its canonical line.
            throw new InvalidEventException("event " + e.seq() + ": line is not in RFC 8785 canonical form (it was rewritten)");
        }
        int hashMemberEnd = spans[2 * HASH + 1];
        digest.reset();
        digest.update(bytes, from, hashMemberStart - from);
        digest.update(bytes, hashMemberEnd, to - hashMemberEnd);
        // The constructor checked that the hash is 64 lowercase hex characters.
        return new SegmentLine(e, HEX.parseHex(e.hash()), digest.digest());
    }

    /** Convenience for a whole line (tests, single lines). */
    static SegmentLine read(byte[] line) {
        return read(line, 0, line.length, Sha256.newDigest());
    }

    /** A value of the wrong type: its own syntax error if it has one (say, whitespace), else {@code what}. */
    private static Long wrongType(CanonicalScanner s, String what) {
        s.value(1);
        throw new InvalidEventException(what);
    }

    private static String text(byte[] bytes, int[] spans, int field) {
        return new String(bytes, spans[2 * field], spans[2 * field + 1] - spans[2 * field], StandardCharsets.UTF_8);
    }
}
