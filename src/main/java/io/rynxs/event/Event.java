package io.rynxs.event;

import java.nio.charset.StandardCharsets;

/**
 * One entry of the log (DESIGN §1): the nine hashed fields plus {@code hash}, the lowercase hex SHA-256
 * of the RFC 8785 canonical bytes of the nine. Because {@code prev} is hashed, the hashes form a chain.
 *
 * <p>The constructor checks the shape of every field but not the hash, so that a verifier can hold a
 * modified row and say what is wrong with it; {@link #seal} is how new events get their hash.
 */
public record Event(int v, long seq, String type, String aggregate, String time, long epoch,
                    CanonicalJson payload, CanonicalJson meta, String prev, String hash) {
    /** The envelope version this code writes and reads. */
    public static final int VERSION = 1;

    public Event {
        checkEnvelope(v, seq, type, aggregate, time, epoch, prev, hash);
        if (payload == null || meta == null) {
            throw new InvalidEventException("event " + seq + ": payload and meta must be objects");
        }
    }

    /**
     * The checks of every field but payload and meta, for a reader that keeps those two as stored bytes
     * (sealing) and must refuse the same rows an {@code Event} refuses.
     */
    public static void checkEnvelope(int v, long seq, String type, String aggregate, String time, long epoch, String prev, String hash) {
        if (v != VERSION) {
            throw new InvalidEventException("event " + seq + ": envelope version " + v + " is not supported (only " + VERSION + ")");
        }
        if (seq < 1) {
            throw new InvalidEventException("event seq " + seq + " is below 1 (sequences start at 1)");
        }
        EventType.check(type);
        Aggregate.check(aggregate);
        if (!EventTime.isValid(time)) {
            throw new InvalidEventException("event " + seq + ": time " + EventType.quote(time)
                    + " is not RFC 3339 UTC with three fraction digits (e.g. 2026-11-26T10:00:00.000Z)");
        }
        if (epoch < 0) {
            throw new InvalidEventException("event " + seq + ": epoch " + epoch + " is negative");
        }
        if (!Sha256.isHash(prev)) {
            throw new InvalidEventException("event " + seq + ": prev " + EventType.quote(prev) + " is not 64 lowercase hex characters");
        }
        if (!Sha256.isHash(hash)) {
            throw new InvalidEventException("event " + seq + ": hash " + EventType.quote(hash) + " is not 64 lowercase hex characters");
        }
    }

    /** Assigns the store's fields to a new event and computes its hash. */
    public static Event seal(NewEvent e, long seq, String time, long epoch, String prev) {
        String hash = Sha256.hex(canonical(seq, e.type(), e.aggregate(), time, epoch, e.payload(), e.meta(), prev, null));
        return new Event(VERSION, seq, e.type(), e.aggregate(), time, epoch, e.payload(), e.meta(), prev, hash);
    }

    /** The RFC 8785 bytes of the nine hashed fields: what {@link #hash} is the SHA-256 of. */
    public byte[] canonicalBytes() {
        return canonical(seq, type, aggregate, time, epoch, payload, meta, prev, null);
    }

    /** Recomputes the hash from the fields (differs from {@link #hash} only if the event was altered). */
    public String computeHash() {
        return Sha256.hex(canonicalBytes());
    }

    /** One NDJSON line without its newline: the canonical object with {@code hash} added (DESIGN §6). */
    public String line() {
        return new String(lineBytes(), StandardCharsets.UTF_8);
    }

    /** {@link #line()} as UTF-8 bytes, without the round trip through a {@code String} (sealing writes millions). */
    public byte[] lineBytes() {
        return canonical(seq, type, aggregate, time, epoch, payload, meta, prev, hash);
    }

    /** The raw 32 bytes of {@link #hash}, the leaf data of the Merkle tree. */
    public byte[] hashBytes() {
        return Sha256.fromHex(hash);
    }

    /**
     * Writes the envelope with its keys in JCS order. Payload and meta are already canonical, type and
     * time are ASCII without escapes and aggregates exclude every escaped character (see {@link Aggregate}),
     * so this concatenation is exactly what RFC 8785 produces; {@code EventCanonicalFormTest} holds it to
     * the reference library.
     */
    private static byte[] canonical(long seq, String type, String aggregate, String time, long epoch,
                                    CanonicalJson payload, CanonicalJson meta, String prev, String hash) {
        return canonical(seq, type, aggregate, time, epoch, payload.text(), meta.text(), prev, hash);
    }

    /**
     * The hash of a stored row's fields without building an {@code Event}: verification of long logs
     * checks every row this way and builds an event (with its field checks and precise messages) only for
     * a row that does not verify.
     */
    public static String hashOf(long seq, String type, String aggregate, String time, long epoch, String payload, String meta,
                                String prev) {
        return Sha256.hex(canonical(seq, type, aggregate, time, epoch, payload, meta, prev, null));
    }

    /**
     * {@link #hashOf(long, String, String, String, long, String, String, String)} for a row whose payload and
     * meta are kept as their stored UTF-8 bytes: the same canonical bytes, fed to {@code digest} piece by piece
     * (the audit of a long log hashes every row this way). Returns the 32-byte SHA-256.
     */
    public static byte[] hashOf(long seq, String type, String aggregate, String time, long epoch, byte[] payload, byte[] meta,
                                String prev, java.security.MessageDigest digest) {
        digest.reset();
        digest.update(AGGREGATE_OPEN);
        digest.update(aggregate.getBytes(StandardCharsets.UTF_8));
        digest.update(EPOCH_OPEN);
        digest.update(Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
        digest.update(META_OPEN);
        digest.update(meta);
        digest.update(PAYLOAD_OPEN);
        digest.update(payload);
        digest.update(PREV_OPEN);
        digest.update(prev.getBytes(StandardCharsets.US_ASCII));
        digest.update(SEQ_OPEN);
        digest.update(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
        digest.update(TIME_OPEN);
        digest.update(time.getBytes(StandardCharsets.US_ASCII));
        digest.update(TYPE_OPEN);
        digest.update(type.getBytes(StandardCharsets.US_ASCII));
        digest.update(V_CLOSE);
        return digest.digest();
    }

    private static final byte[] AGGREGATE_OPEN = ascii("{\"aggregate\":\"");
    private static final byte[] EPOCH_OPEN = ascii("\",\"epoch\":");
    private static final byte[] META_OPEN = ascii(",\"meta\":");
    private static final byte[] PAYLOAD_OPEN = ascii(",\"payload\":");
    private static final byte[] PREV_OPEN = ascii(",\"prev\":\"");
    private static final byte[] SEQ_OPEN = ascii("\",\"seq\":");
    private static final byte[] TIME_OPEN = ascii(",\"time\":\"");
    private static final byte[] TYPE_OPEN = ascii("\",\"type\":\"");
    private static final byte[] V_CLOSE = ascii("\",\"v\":" + VERSION + "}");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] canonical(long seq, String type, String aggregate, String time, long epoch,
                                    String payload, String meta, String prev, String hash) {
        StringBuilder b = new StringBuilder(160 + payload.length() + meta.length());
        b.append("{\"aggregate\":\"").append(aggregate)
                .append("\",\"epoch\":").append(epoch);
        if (hash != null) {
            b.append(",\"hash\":\"").append(hash).append('"');
        }
        b.append(",\"meta\":").append(meta)
                .append(",\"payload\":").append(payload)
                .append(",\"prev\":\"").append(prev)
                .append("\",\"seq\":").append(seq)
                .append(",\"time\":\"").append(time)
                .append("\",\"type\":\"").append(type)
                .append("\",\"v\":").append(VERSION).append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
