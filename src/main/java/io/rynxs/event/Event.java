package io.rynxs.event;

import java.nio.charset.StandardCharsets;

/**
 * One entry of the log (docs/DESIGN.md, The event): the nine hashed fields plus {@code hash}, the lowercase hex SHA-256
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

    /** One NDJSON line without its newline: the canonical object with {@code hash} added (docs/DESIGN.md, Segments and the sink). */
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

    /** The envelope in JCS key order, written by {@link LineFormat} (the one place the line format lives). */
    private static byte[] canonical(long seq, String type, String aggregate, String time, long epoch,
                                    CanonicalJson payload, CanonicalJson meta, String prev, String hash) {
        return LineFormat.bytes(seq, type, aggregate, time, epoch, payload.text(), meta.text(), prev, hash);
    }

    /**
     * The hash of a stored row's fields without building an {@code Event}: verification of long logs
     * checks every row this way and builds an event (with its field checks and precise messages) only for
     * a row that does not verify.
     */
    public static String hashOf(long seq, String type, String aggregate, String time, long epoch, String payload, String meta,
                                String prev) {
        return Sha256.hex(LineFormat.bytes(seq, type, aggregate, time, epoch, payload, meta, prev, null));
    }

}
