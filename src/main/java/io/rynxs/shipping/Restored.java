package io.rynxs.shipping;

import io.rynxs.event.Sha256;
import io.rynxs.segment.SegmentReport;

/**
 * What a restore did: what it verified in the sink ({@code verified}: every segment it read, and the anchors), and
 * what it put into the database: {@code events} ending at {@code headSeq} with hash {@code head}, the hash of the
 * state after them, and how many whole {@code segments} it recorded as shipped (a segment cut by {@code toSeq} is not). With {@code toSeq} the database ends before what was verified (inside a segment, or before
 * segments read only for an anchor), so the two are reported apart. On a failure the restored figures count what was
 * handed to the writer before it, which a restore into a file discards.
 */
public record Restored(SegmentReport verified, int segments, long events, long headSeq, String head, String stateHash) {
    public boolean ok() {
        return verified.ok();
    }

    /** Counts, on the verifying thread, what is handed to the writer. */
    static final class Tally {
        private int segments;
        private long events;
        private long headSeq;
        private String head = Sha256.ZERO_HEX;
        private String stateHash;

        void add(boolean whole, long count, long lastSeq, String lastHash, String stateAfter) {
            segments += whole ? 1 : 0;
            events += count;
            headSeq = lastSeq;
            head = lastHash;
            stateHash = stateAfter;
        }

        Restored of(SegmentReport verified) {
            return new Restored(verified, segments, events, headSeq, head, stateHash);
        }
    }
}
