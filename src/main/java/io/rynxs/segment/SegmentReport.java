package io.rynxs.segment;

import java.util.List;
import java.util.Optional;

/**
 * What {@link SegmentVerifier} found: how many segments and events verified, the head hash reached, the
 * first failure if any, and orphan segment objects (no manifest: ignored by readers, listed, not failures);
 * then the signed checkpoints the head was held to ({@link Anchors}), those of them beyond the head (a cut
 * tail), and the sink's checkpoint objects that were not used because they do not verify with the key.
 */
public record SegmentReport(int segments, long events, long headSeq, String head, Optional<SegmentFailure> failure,
                            List<String> orphans, List<Anchor> anchors, List<Anchor> beyondHead, List<IgnoredCheckpoint> ignored) {
    public SegmentReport {
        orphans = List.copyOf(orphans);
        anchors = List.copyOf(anchors);
        beyondHead = List.copyOf(beyondHead);
        ignored = List.copyOf(ignored);
    }

    /** A report held to no anchors. */
    public SegmentReport(int segments, long events, long headSeq, String head, Optional<SegmentFailure> failure, List<String> orphans) {
        this(segments, events, headSeq, head, failure, orphans, List.of(), List.of(), List.of());
    }

    public boolean ok() {
        return failure.isEmpty();
    }
}
