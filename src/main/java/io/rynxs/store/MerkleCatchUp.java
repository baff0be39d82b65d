package io.rynxs.store;

import io.rynxs.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Brings the Merkle table up to the events when it is behind: a database written before the tree
 * existed, or by a benchmark that switched maintenance off. Runs at open, before the writer starts, and
 * inside the writer's lock when another process appended; the caller owns the transaction.
 */
final class MerkleCatchUp {
    private static final int CHUNK = 10_000;

    private MerkleCatchUp() {}

    static void run(Handle handle, long headSeq) {
        // Stored nodes start at level STORED_FROM_LEVEL, so the tree is complete up to the end of the last
        // stored subtree of that level; everything after it is rebuilt (existing rows are kept as they are).
        int level = SqliteNodeReader.STORED_FROM_LEVEL;
        long stored = handle.createQuery("SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_nodes WHERE level = :level")
                .bind("level", level).mapTo(Long.class).one();
        long size = stored << level;
        if (size > headSeq) {
            throw new StoreException("open: the Merkle tree covers " + size + " leaves but the log ends at " + headSeq
                    + " (the database was altered; restore it from S3 or a backup)");
        }
        while (size < headSeq) {
            MerkleMaintainer maintainer = MerkleMaintainer.load(handle, size);
            List<Event> chunk = new ArrayList<>(CHUNK);
            long from = size;
            handle.createQuery("SELECT " + StoredRow.COLUMNS + " FROM events WHERE seq > :from ORDER BY seq LIMIT " + CHUNK)
                    .bind("from", from)
                    .map((rs, ctx) -> StoredRow.read(rs).toEvent())
                    .forEach(chunk::add);
            maintainer.beforeCommit(handle, chunk);
            size += chunk.size();
        }
    }
}
