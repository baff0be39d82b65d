package io.rynxs.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * The one place the canonical bytes of an event are written (docs/FORMAT.md, "The event"), in every form the
 * program needs, side by side so that they cannot drift: as a new array ({@link #bytes}), into a reused buffer
 * ({@link Writer}, for sealing and the audit, which write millions), as a SQLite expression ({@link #SQL}, for
 * pages assembled in the database), and the locator of the hash member in a line ({@link #hashMemberAt}).
 * {@code LineFormatProperties} holds every form to the RFC 8785 reference library.
 *
 * <p>The nine hashed fields in RFC 8785 key order: {@code aggregate, epoch, meta, payload, prev, seq, time, type,
 * v}. The line form inserts {@code "hash":"<hex>"} after {@code epoch}, where JCS puts it; removing a member from
 * canonical JSON leaves the canonical JSON of the rest, so the hashed bytes are the line without that member.
 * This concatenation is exactly what RFC 8785 produces because payload and meta are canonical already, type and
 * time are ASCII without escapes, hashes are hex and aggregates exclude every escaped character ({@link Aggregate}).
 */
public final class LineFormat {
    private static final String AGGREGATE = "{\"aggregate\":\"";
    private static final String EPOCH = "\",\"epoch\":";
    private static final String HASH = ",\"hash\":\"";
    private static final String META_AFTER_HASH = "\",\"meta\":";
    private static final String META = ",\"meta\":";
    private static final String PAYLOAD = ",\"payload\":";
    private static final String PREV = ",\"prev\":\"";
    private static final String SEQ = "\",\"seq\":";
    private static final String TIME = ",\"time\":\"";
    private static final String TYPE = "\",\"type\":\"";
    private static final String V = "\",\"v\":";
    private static final String END = "}";

    /** The ten members of the line form, in their order (RFC 8785's, by key); the nine hashed ones are all but {@code hash}. */
    public static final List<String> FIELDS = List.of("aggregate", "epoch", "hash", "meta", "payload", "prev", "seq",
            "time", "type", "v");

    /** {@code ,"hash":"}: a line's hash member starts with these bytes and is followed by 64 hex digits and a quote. */
    public static final byte[] HASH_MEMBER = ascii(HASH);

    /**
     * The line form as a SQLite expression over the {@code events} columns (payload and meta are stored as their
     * canonical text, so the row's bytes are the line's).
     */
    public static final String SQL = "concat('" + AGGREGATE + "', aggregate, '" + EPOCH + "', epoch, '" + HASH + "', hash, '"
            + META_AFTER_HASH + "', meta, '" + PAYLOAD + "', payload, '" + PREV + "', prev, '" + SEQ + "', seq, '" + TIME
            + "', time, '" + TYPE + "', type, '" + V + "', v, '" + END + "')";

    private LineFormat() {}

    /** The canonical bytes of the nine fields ({@code hash} null) or the line form ({@code hash} given), as a new array. */
    public static byte[] bytes(long seq, String type, String aggregate, String time, long epoch, String payload, String meta, String prev,
                               String hash) {
        StringBuilder b = new StringBuilder(160 + payload.length() + meta.length());
        b.append(AGGREGATE).append(aggregate).append(EPOCH).append(epoch);
        if (hash != null) {
            b.append(HASH).append(hash).append('"');
        }
        b.append(META).append(meta).append(PAYLOAD).append(payload).append(PREV).append(prev).append(SEQ).append(seq)
                .append(TIME).append(time).append(TYPE).append(type).append(V).append(Event.VERSION).append(END);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Where the hash member of the line in {@code bytes[start, end)} begins, or -1. In a canonical line it is the
     * first occurrence: only {@code aggregate} (which holds no quote) and {@code epoch} (a number) come before it.
     */
    public static int hashMemberAt(byte[] bytes, int start, int end) {
        for (int at = start; at + HASH_MEMBER.length + 64 < end; at++) {
            if (Arrays.equals(bytes, at, at + HASH_MEMBER.length, HASH_MEMBER, 0, HASH_MEMBER.length)) {
                return at;
            }
        }
        return -1;
    }

    /** The number of bytes the hash member takes: {@code ,"hash":"}, 64 hex digits and the closing quote. */
    public static final int HASH_MEMBER_LENGTH = HASH_MEMBER.length + 64 + 1;

    /**
     * Lines written one after another into one growable buffer, payload and meta copied as the stored bytes they
     * are, with the SHA-256 of each line's hashed bytes (the line without its hash member) computed over the
     * buffer itself: no string, no copy per field. Not thread-safe: one per writing thread.
     */
    public static final class Writer {
        private static final byte[] B_AGGREGATE = ascii(AGGREGATE);
        private static final byte[] B_EPOCH = ascii(EPOCH);
        private static final byte[] B_META_AFTER_HASH = ascii(META_AFTER_HASH);
        private static final byte[] B_META = ascii(META);
        private static final byte[] B_PAYLOAD = ascii(PAYLOAD);
        private static final byte[] B_PREV = ascii(PREV);
        private static final byte[] B_SEQ = ascii(SEQ);
        private static final byte[] B_TIME = ascii(TIME);
        private static final byte[] B_TYPE = ascii(TYPE);
        private static final byte[] B_V = ascii(V);
        private static final byte[] B_END = ascii(END);

        private final MessageDigest digest = Sha256.newDigest();
        private byte[] buf;
        private int size;
        private int lineStart;
        private int hashMember = -1;

        public Writer(int capacity) {
            buf = new byte[Math.max(256, capacity)];
        }

        /**
         * Appends one line: the line form if {@code hash} is given (64 hex digits, copied as they are), the nine
         * hashed fields alone if it is null. Returns where the line starts in {@link #buffer()}.
         */
        public int append(long seq, String type, String aggregate, String time, long epoch, byte[] payload, byte[] meta, String prev,
                          String hash) {
            lineStart = size;
            put(B_AGGREGATE);
            utf8(aggregate);
            put(B_EPOCH);
            number(epoch);
            if (hash != null) {
                hashMember = size;
                put(HASH_MEMBER);
                hex(hash);
                put(B_META_AFTER_HASH);
            } else {
                hashMember = -1;
                put(B_META);
            }
            put(meta);
            put(B_PAYLOAD);
            put(payload);
            put(B_PREV);
            hex(prev);
            put(B_SEQ);
            number(seq);
            put(B_TIME);
            utf8(time);
            put(B_TYPE);
            utf8(type);
            put(B_V);
            number(Event.VERSION);
            put(B_END);
            return lineStart;
        }

        /** The SHA-256 of the last line's hashed bytes: the line without its hash member, if it has one. */
        public byte[] hashOfLast() {
            digest.reset();
            if (hashMember < 0) {
                digest.update(buf, lineStart, size - lineStart);
            } else {
                int after = hashMember + HASH_MEMBER_LENGTH;
                digest.update(buf, lineStart, hashMember - lineStart);
                digest.update(buf, after, size - after);
            }
            return digest.digest();
        }

        /** Drops the last line (it did not check out). */
        public void dropLast() {
            size = lineStart;
        }

        /** Appends raw bytes between lines (a newline, a comma). */
        public void put(byte b) {
            room(1);
            buf[size++] = b;
        }

        /** Forgets every line, keeping the buffer. */
        public void clear() {
            size = 0;
        }

        /** The buffer the lines are in: bytes {@code [0, size())}. */
        public byte[] buffer() {
            return buf;
        }

        public int size() {
            return size;
        }

        private void put(byte[] bytes) {
            room(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        /** 64 hex digits; the event's checks hold prev and hash to lowercase hex, so each char is its byte. */
        @SuppressWarnings("deprecation")
        private void hex(String hash) {
            room(64);
            hash.getBytes(0, 64, buf, size);
            size += 64;
        }

        private void utf8(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            put(b);
        }

        /** A non-negative long in decimal (seq, epoch and v are never negative: the event's checks). */
        private void number(long v) {
            room(20);
            int digits = 1;
            for (long rest = v / 10; rest > 0; rest /= 10) {
                digits++;
            }
            for (int i = size + digits - 1; i >= size; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            size += digits;
        }

        private void room(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
