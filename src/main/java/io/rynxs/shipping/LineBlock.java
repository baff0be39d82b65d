package io.rynxs.shipping;

import io.rynxs.event.Event;
import io.rynxs.event.LineFormat;
import io.rynxs.event.Sha256;
import io.rynxs.segment.SegmentWriter;
import io.rynxs.store.EventRow;
import java.security.MessageDigest;

/**
 * Segment lines written straight into one reused buffer ({@link LineFormat.Writer}) and handed to the gzip
 * stream a block at a time, each checked against its event's stored hash as it is written; payload and meta
 * are copied as the row's stored bytes. The bytes are {@link Event#lineBytes()} and a newline (SealingIT holds
 * them to it), without that method's two copies of every line and a gzip call per line; the hashed bytes are the
 * line without its {@code hash} member, so one SHA-256 over the line's own bytes re-checks it. One per segment.
 */
final class LineBlock {
    /** Lines are handed to gzip once this many bytes are waiting. */
    private static final int BLOCK = 64 * 1024;

    private final LineFormat.Writer lines = new LineFormat.Writer(BLOCK + 4096);

    /**
     * Appends the event's line and newline if the line hashes to the event's stored hash; otherwise appends
     * nothing and returns false (the row was modified after it was written).
     */
    boolean append(EventRow e) {
        lines.append(e.seq(), e.type(), e.aggregate(), e.time(), e.epoch(), e.payload(), e.meta(), e.prev(), e.hash());
        if (!MessageDigest.isEqual(lines.hashOfLast(), Sha256.fromHex(e.hash()))) {
            lines.dropLast();
            return false;
        }
        lines.put((byte) '\n');
        return true;
    }

    /** Hands the waiting lines to {@code writer} if a block's worth is waiting, or all of them if {@code all}. */
    void drainTo(SegmentWriter writer, boolean all) {
        if (lines.size() > 0 && (all || lines.size() >= BLOCK)) {
            writer.lines(lines.buffer(), lines.size());
            lines.clear();
        }
    }
}
