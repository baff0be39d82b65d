package io.rynxs.store;

import java.util.Optional;

/**
 * Which seqs the snapshot table holds a state for. Sealing asks it for a segment's state hash from a
 * stored snapshot instead of folding the segment's events, when one sits exactly at its end.
 */
public final class SnapshotSeqs {
    private final EventStore store;

    public SnapshotSeqs(EventStore store) {
        this.store = store;
    }

    /**
     * The stored snapshot at exactly {@code seq}, bytes and state hash, when it can stand for the state after
     * this log's events 1..seq without being parsed here: its bytes hash to its stored {@code state_hash} and
     * its head (read by SQLite's JSON parser, in the same query) is {@code seq} and the hash of this log's event
     * at {@code seq}. Empty when there is none or when it fails either check (a damaged row, or one left by a
     * tail quarantined since): a snapshot is a cache, and the caller folds the log's own events instead.
     */
    public Optional<CheckedSnapshot> checkedAt(long seq) {
        Optional<CheckedSnapshot> row = store.read(h -> h.createQuery("SELECT s.state_hash, s.state, e.hash,"
                        + " CASE WHEN json_valid(s.state) THEN json_extract(s.state, '$.head.seq') END,"
                        + " CASE WHEN json_valid(s.state) THEN json_extract(s.state, '$.head.hash') END"
                        + " FROM snapshots s JOIN events e ON e.seq = s.seq WHERE s.seq = :seq")
                .bind("seq", seq)
                .map((rs, ctx) -> {
                    Object headSeq = rs.getObject(4);
                    String eventHash = rs.getString(3);
                    boolean headIsThisEvent = (headSeq instanceof Integer || headSeq instanceof Long)
                            && ((Number) headSeq).longValue() == seq && eventHash.equals(rs.getString(5));
                    return headIsThisEvent ? new CheckedSnapshot(seq, eventHash, rs.getString(1), rs.getBytes(2)) : null;
                })
                .findFirst());
        return row.filter(CheckedSnapshot::bytesMatchHash);
    }
}
