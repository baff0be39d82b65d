package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.merkle.CompactRange;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.merkle.Node;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Keeps the Merkle tree in step with the events: inside each append transaction it extends the compact
 * range with the batch's leaves and inserts the completed subtree nodes of 16 leaves and more (one row per
 * eight events; smaller subtrees are recomputed from event hashes on read). A rolled-back batch restores
 * the range it started from.
 */
final class MerkleMaintainer implements AppendListener {
    private static final String INSERT = "INSERT OR IGNORE INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)";

    /** Replaced, never changed once published: readers on other threads take it as a snapshot. */
    private volatile CompactRange committed;
    private CompactRange working;
    private PreparedStatement insert;

    MerkleMaintainer(CompactRange range) {
        this.committed = range;
    }

    static MerkleMaintainer load(Handle handle, long size) {
        return new MerkleMaintainer(CompactRange.load(size, new SqliteNodeReader(handle)));
    }

    @Override
    public void beforeCommit(Handle handle, List<Event> batch) {
        working = committed.copy();
        try {
            if (insert == null) {
                insert = handle.getConnection().prepareStatement(INSERT);
            }
            for (Event e : batch) {
                if (e.seq() != working.size() + 1) {
                    throw new StoreException("append: Merkle tree has " + working.size() + " leaves but event " + e.seq()
                            + " follows (the tree is out of step with the events; report a bug)");
                }
                for (Node n : working.append(MerkleHasher.leafHash(e.hashBytes()))) {
                    if (n.level() < SqliteNodeReader.STORED_FROM_LEVEL) {
                        continue;
                    }
                    insert.setInt(1, n.level());
                    insert.setLong(2, n.index());
                    insert.setBytes(3, n.hash());
                    insert.executeUpdate();
                }
            }
        } catch (SQLException ex) {
            throw new StoreException("append: writing Merkle nodes failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void afterCommit(List<Event> batch) {
        if (working != null) {
            committed = working;
            working = null;
        }
    }

    @Override
    public void rolledBack() {
        working = null;
        // A statement that failed mid-step may not be usable again; the next batch prepares a new one.
        if (insert != null) {
            try {
                insert.close();
            } catch (SQLException ignored) {
                // Released with the failed step anyway.
            }
            insert = null;
        }
    }

    @Override
    public void reload(Handle handle, Head head) {
        MerkleCatchUp.run(handle, head.seq());
        committed = CompactRange.load(head.seq(), new SqliteNodeReader(handle));
    }

    long size() {
        return committed.size();
    }

    /** The frontier of the committed events (do not append to it: take a {@link CompactRange#copy()}). */
    CompactRange committed() {
        return committed;
    }
}
