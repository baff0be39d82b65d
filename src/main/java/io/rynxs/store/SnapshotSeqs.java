package io.rynxs.store;

/**
 * Which seqs the snapshot table holds a state for. Sealing asks it to take a segment's state from a
 * stored snapshot (a parse) instead of folding the segment's events, when one sits exactly at its end.
 */
public final class SnapshotSeqs {
    private final EventStore store;

    public SnapshotSeqs(EventStore store) {
        this.store = store;
    }

    /** Whether a snapshot is stored at exactly {@code seq}; it may still be unreadable, in which case replay skips it. */
    public boolean has(long seq) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM snapshots WHERE seq = :seq").bind("seq", seq)
                .mapTo(Integer.class).one()) > 0;
    }
}
