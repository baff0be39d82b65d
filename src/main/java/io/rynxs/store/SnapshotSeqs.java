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
        // Both head members from one JSON parse: with two json_extract calls, each behind its json_valid, SQLite
        // parsed the 2 MB state more than once (1.4 s against 0.45 s for the 100 snapshots of the 1M bench log).
        Optional<CheckedSnapshot> row = store.read(h -> h.createQuery("SELECT s.state_hash, s.state, e.hash,"
                        + " CASE WHEN json_valid(s.state) THEN json_extract(s.state, '$.head.seq', '$.head.hash') END"
                        + " FROM snapshots s JOIN events e ON e.seq = s.seq WHERE s.seq = :seq")
                .bind("seq", seq)
                .map((rs, ctx) -> {
                    // A JSON array of the two values, e.g. [10000,"996a…"]: anything but this exact text (a missing member
                    // is null, a seq written as 1e4 or 10000.0 stays so, a hash with escapes keeps them) is another head.
                    String eventHash = rs.getString(3);
                    boolean headIsThisEvent = ("[" + seq + ",\"" + eventHash + "\"]").equals(rs.getString(4));
                    return headIsThisEvent ? new CheckedSnapshot(seq, eventHash, rs.getString(1), rs.getBytes(2)) : null;
                })
                .findFirst());
        return row.filter(CheckedSnapshot::bytesMatchHash);
    }
}
