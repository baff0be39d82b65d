package io.rynxs.state;

/** Which states are worth storing: every {@code every}-th seq, so replay to any seq applies fewer than that many events. */
public record SnapshotPolicy(long every) {
    /** The snapshot interval (docs/DESIGN.md, The state). */
    public static final long DEFAULT_EVERY = 10_000;
    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(DEFAULT_EVERY);
    /** Takes no snapshots. */
    public static final SnapshotPolicy NEVER = new SnapshotPolicy(Long.MAX_VALUE);

    public SnapshotPolicy {
        if (every < 1) {
            throw new IllegalArgumentException("snapshot policy: every " + every + " is below 1 (use at least 1; the default is " + DEFAULT_EVERY + ")");
        }
    }

    public boolean isSnapshotSeq(long seq) {
        return seq > 0 && seq % every == 0;
    }

    /** The newest snapshot seq at or below {@code seq} (0 means start from genesis). */
    public long snapshotSeqAtOrBelow(long seq) {
        return seq < 0 ? 0 : seq - seq % every;
    }
}
