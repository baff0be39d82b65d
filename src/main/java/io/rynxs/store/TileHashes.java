package io.rynxs.store;

import io.rynxs.merkle.MerkleHasher;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The hashes a tile of the standard tiled log holds, read in one query each: leaf hashes from the events'
 * hashes (level 0), complete-subtree hashes of {@code 256^l} leaves from {@code merkle_nodes} (Merkle level 8l).
 */
final class TileHashes {

    private TileHashes() {
    }

    /**
     * The raw 32-byte hashes of events {@code first .. first + count - 1}: the entries of the tiled log. SQLite
     * decodes the stored hex ({@code unhex}), so no string is made per row; a hash that is not 64 hex digits comes
     * back as something other than 32 bytes and is refused.
     */
    static List<byte[]> eventHashes(Handle h, long first, int count) {
        List<byte[]> out = h.createQuery("SELECT unhex(hash) FROM events WHERE seq >= :first AND seq < :end ORDER BY seq")
                .bind("first", first).bind("end", first + count).mapTo(byte[].class).list();
        if (out.size() != count) {
            throw new StoreException("read tile entries " + first + ".." + (first + count - 1) + ": only " + out.size()
                    + " events are there (the log is shorter than the tile asked for)");
        }
        for (int i = 0; i < count; i++) {
            if (out.get(i) == null || out.get(i).length != 32) {
                throw new StoreException("read tile entries: the stored hash of seq " + (first + i) + " is not 64 hex digits"
                        + " (the events table was altered; run rynxs verify)");
            }
        }
        return out;
    }

    /** The hashes of the complete subtrees at Merkle {@code level}, indexes {@code from .. from + count - 1}. */
    static List<byte[]> subtrees(Handle h, int level, long from, int count) {
        if (level == 0) {
            List<byte[]> leaves = eventHashes(h, from + 1, count);
            leaves.replaceAll(MerkleHasher::leafHash);
            return leaves;
        }
        if (level < SqliteNodeReader.STORED_FROM_LEVEL) {
            throw new IllegalArgumentException("read subtrees at level " + level + ": only level 0 and levels from "
                    + SqliteNodeReader.STORED_FROM_LEVEL + " are read in bulk (report a bug)");
        }
        List<byte[]> out = h.createQuery("SELECT hash FROM merkle_nodes WHERE level = :level AND idx >= :from AND idx < :end ORDER BY idx")
                .bind("level", level).bind("from", from).bind("end", from + count).mapTo(byte[].class).list();
        if (out.size() != count) {
            throw new StoreException("read subtrees (" + level + ", " + from + ".." + (from + count - 1) + "): " + out.size()
                    + " are stored (the Merkle table is behind the events; reopen the store to rebuild it)");
        }
        return out;
    }
}
