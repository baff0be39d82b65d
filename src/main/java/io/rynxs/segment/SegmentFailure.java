package io.rynxs.segment;

/** The first thing that did not verify: which object, at which seq (0 when none applies), and why. */
public record SegmentFailure(SegmentCode code, String segment, long seq, String reason) {
}
