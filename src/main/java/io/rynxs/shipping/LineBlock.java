package io.rynxs.shipping;

import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import io.rynxs.segment.SegmentWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Segment lines written straight into one reused buffer and handed to the gzip stream a block at a time,
 * each checked against its event's stored hash as it is written. The bytes are {@link Event#lineBytes()}
 * and a newline (SealingIT holds them to it); building them here saves that method's two copies of every
 * line and a gzip call per line. The hashed bytes are the line without its {@code hash} member, which
 * RFC 8785 puts right after {@code epoch}: removing a member from canonical JSON leaves the canonical JSON
 * of the rest ({@link Event#canonicalBytes()}), so one SHA-256 over the line's own bytes re-checks it.
 * One per segment.
 */
final class LineBlock {
    /** Lines are handed to gzip once this many bytes are waiting. */
    private static final int BLOCK = 64 * 1024;

    private final MessageDigest sha = Sha256.newDigest();
    private byte[] buf = new byte[BLOCK + 4096];
    private int size;

    /**
     * Appends the event's line and newline if the line hashes to the event's stored hash; otherwise appends
     * nothing and returns false (the row was modified after it was written).
     */
    boolean append(Event e) {
        int start = size;
        ascii("{\"aggregate\":\"");
        text(e.aggregate());
        ascii("\",\"epoch\":");
        number(e.epoch());
        int hashMember = size;
        ascii(",\"hash\":\"");
        ascii(e.hash());
        ascii("\"");
        int afterHash = size;
        ascii(",\"meta\":");
        utf8(e.meta().text());
        ascii(",\"payload\":");
        utf8(e.payload().text());
        ascii(",\"prev\":\"");
        ascii(e.prev());
        ascii("\",\"seq\":");
        number(e.seq());
        ascii(",\"time\":\"");
        text(e.time());
        ascii("\",\"type\":\"");
        text(e.type());
        ascii("\",\"v\":");
        number(e.v());
        ascii("}");
        sha.update(buf, start, hashMember - start);
        sha.update(buf, afterHash, size - afterHash);
        if (!MessageDigest.isEqual(sha.digest(), Sha256.fromHex(e.hash()))) {
            size = start;
            return false;
        }
        ascii("\n");
        return true;
    }

    /** Hands the waiting lines to {@code writer} if a block's worth is waiting, or all of them if {@code all}. */
    void drainTo(SegmentWriter writer, boolean all) {
        if (size > 0 && (all || size >= BLOCK)) {
            writer.lines(buf, size);
            size = 0;
        }
    }

    /** A string known to be ASCII (the JSON punctuation, and hex hashes: the event's checks hold them to that). */
    private void ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** A short string, usually ASCII; UTF-8 otherwise, as {@code String.getBytes} writes it. */
    private void text(String s) {
        int n = s.length();
        room(n);
        int start = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                size = start;
                utf8(s);
                return;
            }
            buf[size++] = (byte) c;
        }
    }

    private void utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        room(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void number(long v) {
        String s = Long.toString(v);
        ascii(s);
    }

    private void room(int n) {
        if (size + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
