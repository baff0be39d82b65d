package io.rynxs.store;

import io.rynxs.merkle.NodeReader;
import org.jdbi.v3.core.Handle;

/** Reads complete subtree hashes from {@code merkle_nodes} on one connection. */
final class SqliteNodeReader implements NodeReader {
    private final Handle handle;

    SqliteNodeReader(Handle handle) {
        this.handle = handle;
    }

    @Override
    public byte[] node(int level, long index) {
        return handle.createQuery("SELECT hash FROM merkle_nodes WHERE level = :level AND idx = :idx")
                .bind("level", level)
                .bind("idx", index)
                .mapTo(byte[].class)
                .findOne()
                .orElseThrow(() -> new StoreException("read merkle node (" + level + ", " + index + "): missing (the Merkle"
                        + " table is behind the events; rebuild it with rynxs restore or report a bug)"));
    }
}
