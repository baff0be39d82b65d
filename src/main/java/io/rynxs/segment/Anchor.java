package io.rynxs.segment;

import io.rynxs.checkpoint.Checkpoint;
import java.util.Objects;

/**
 * A signed checkpoint the segments must reach and agree with, already opened with the verifier key: one found in
 * the sink (its object key) or one an auditor holds (its file). A log signs only sizes it reached, so a size the
 * segments do not reach means events are missing from them, and another root at that size means another history.
 */
public record Anchor(String source, Checkpoint checkpoint) {
    public Anchor {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    public long size() {
        return checkpoint.treeSize();
    }
}
