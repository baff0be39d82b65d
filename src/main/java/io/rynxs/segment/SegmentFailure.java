package io.rynxs.segment;

/** The first thing that did not verify: which object, at which seq (0 when none applies), and why. */
public record SegmentFailure(SegmentCode code, String segment, long seq, String reason) {
    /** As reports and logs say it: {@code SEQ_GAP in <object> at seq 1: <reason>}. */
    @Override
    public String toString() {
        return code + " in " + segment + " at seq " + seq + ": " + reason;
    }
}
