package io.rynxs.segment;

import java.util.List;
import java.util.Optional;

/**
 * What {@link SegmentVerifier} found: how many segments and events verified, the head hash reached, the
 * first failure if any, and orphan segment objects (no manifest: ignored by readers, listed, not failures).
 */
public record SegmentReport(int segments, long events, long headSeq, String head, Optional<SegmentFailure> failure,
                            List<String> orphans) {
    public SegmentReport {
        orphans = List.copyOf(orphans);
    }

    public boolean ok() {
        return failure.isEmpty();
    }
}
