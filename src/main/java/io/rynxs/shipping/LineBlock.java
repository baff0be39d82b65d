package io.rynxs.shipping;

import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import io.rynxs.segment.SegmentWriter;
import io.rynxs.store.EventRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Segment lines written straight into one reused buffer and handed to the gzip stream a block at a time,
 * each checked against its event's stored hash as it is written; payload and meta are copied as the row's
 * stored bytes. The bytes are {@link Event#lineBytes()}
 * and a newline (SealingIT holds them to it); building them here saves that method's two copies of every
 * line and a gzip call per line. The hashed bytes are the line without its {@code hash} member, which
 * RFC 8785 puts right after {@code epoch}: removing a member from canonical JSON leaves the canonical JSON
 * of the rest ({@link Event#canonicalBytes()}), so one SHA-256 over the line's own bytes re-checks it.
 * One per segment.
 */
final class LineBlock {
    /** Lines are handed to gzip once this many bytes are waiting. */
    private static final int BLOCK = 64 * 1024;

    private static final byte[] AGGREGATE = ascii("{\"aggregate\":\"");
    private static final byte[] EPOCH = ascii("\",\"epoch\":");
    private static final byte[] HASH = ascii(",\"hash\":\"");
    /** {@code ,"hash":"}, 64 hex digits and the closing quote. */
    private static final int HASH_MEMBER_LENGTH = HASH.length + 64 + 1;
    private static final byte[] META = ascii("\",\"meta\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":");
    private static final byte[] PREV = ascii(",\"prev\":\"");
    private static final byte[] SEQ = ascii("\",\"seq\":");
    private static final byte[] TIME = ascii(",\"time\":\"");
    private static final byte[] TYPE = ascii("\",\"type\":\"");
    private static final byte[] V = ascii("\",\"v\":");
    private static final byte[] END = ascii("}");
    private static final byte[] NEWLINE = ascii("\n");

    private final MessageDigest sha = Sha256.newDigest();
    private byte[] buf = new byte[BLOCK + 4096];
    private int size;

    /**
     * Appends the event's line and newline if the line hashes to the event's stored hash; otherwise appends
     * nothing and returns false (the row was modified after it was written).
     */
    boolean append(EventRow e) {
        int start = size;
        put(AGGREGATE);
        utf8(e.aggregate());
        put(EPOCH);
        number(e.epoch());
        int hashMember = size;
        put(HASH);
        hex(e.hash());
        put(META);
        int afterHash = hashMember + HASH_MEMBER_LENGTH;
        put(e.meta());
        put(PAYLOAD);
        put(e.payload());
        put(PREV);
        hex(e.prev());
        put(SEQ);
        number(e.seq());
        put(TIME);
        utf8(e.time());
        put(TYPE);
        utf8(e.type());
        put(V);
        number(e.v());
        put(END);
        sha.update(buf, start, hashMember - start);
        sha.update(buf, afterHash, size - afterHash);
        if (!MessageDigest.isEqual(sha.digest(), Sha256.fromHex(e.hash()))) {
            size = start;
            return false;
        }
        put(NEWLINE);
        return true;
    }

    /** Hands the waiting lines to {@code writer} if a block's worth is waiting, or all of them if {@code all}. */
    void drainTo(SegmentWriter writer, boolean all) {
        if (size > 0 && (all || size >= BLOCK)) {
            writer.lines(buf, size);
            size = 0;
        }
    }

    /** Bytes as they are: the envelope's punctuation, and payload and meta as stored (UTF-8). */
    private void put(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** 64 lowercase hex digits (the event's checks hold prev and hash to that), copied as the bytes they are. */
    @SuppressWarnings("deprecation")
    private void hex(String hash) {
        room(64);
        hash.getBytes(0, 64, buf, size);
        size += 64;
    }

    /** UTF-8, as {@code String.getBytes} writes it (and {@link Event#lineBytes()} with it). */
    private void utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        room(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
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

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void room(int n) {
        if (size + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
