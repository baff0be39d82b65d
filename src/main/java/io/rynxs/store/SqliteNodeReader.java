package io.rynxs.store;

import io.rynxs.event.Sha256;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.merkle.NodeReader;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Reads complete subtree hashes on one connection. Subtrees of {@value #STORED_FROM_LEVEL} levels or more
 * come from {@code merkle_nodes}; smaller ones (at most {@code 2^STORED_FROM_LEVEL - 1} leaves) are
 * recomputed from the event hashes, which costs one short range read and saves the append path from
 * writing about two rows per event (docs/design/merkle-storage.md).
 */
final class SqliteNodeReader implements NodeReader {
    /** The lowest level kept in the table: subtrees of 16 leaves and up. */
    static final int STORED_FROM_LEVEL = 4;

    private final Handle handle;

    SqliteNodeReader(Handle handle) {
        this.handle = handle;
    }

    @Override
    public byte[] node(int level, long index) {
        if (level < STORED_FROM_LEVEL) {
            return fromEvents(level, index);
        }
        return handle.createQuery("SELECT hash FROM merkle_nodes WHERE level = :level AND idx = :idx")
                .bind("level", level)
                .bind("idx", index)
                .mapTo(byte[].class)
                .findOne()
                .orElseThrow(() -> new StoreException("read merkle node (" + level + ", " + index + "): missing (the Merkle"
                        + " table is behind the events; reopen the store to rebuild it, or restore the database)"));
    }

    private byte[] fromEvents(int level, long index) {
        long width = 1L << level;
        long first = index * width + 1;
        List<String> hashes = handle.createQuery("SELECT hash FROM events WHERE seq >= :first AND seq < :end ORDER BY seq")
                .bind("first", first)
                .bind("end", first + width)
                .mapTo(String.class)
                .list();
        if (hashes.size() != width) {
            throw new StoreException("read merkle node (" + level + ", " + index + "): events " + first + ".." + (first + width - 1)
                    + " are not all there (the log is shorter than the tree asked for)");
        }
        byte[][] row = new byte[hashes.size()][];
        for (int i = 0; i < row.length; i++) {
            row[i] = MerkleHasher.leafHash(Sha256.fromHex(hashes.get(i)));
        }
        for (int n = row.length; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) {
                row[i] = MerkleHasher.nodeHash(row[2 * i], row[2 * i + 1]);
            }
        }
        return row[0];
    }
}
