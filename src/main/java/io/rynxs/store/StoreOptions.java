package io.rynxs.store;

import java.nio.file.Path;

/**
 * How to open a log database. {@code bulkLoad} is for a new file that nobody reads until it is complete
 * ({@link BulkLoad}): no journal, no fsync and a large page cache, so a crash leaves garbage that is thrown away.
 */
public record StoreOptions(Path path, Durability durability, int busyTimeoutMillis, int maxBatch, boolean createIfMissing,
                           boolean maintainMerkle, boolean writable, boolean bulkLoad, int lineBundleSize) {
    public StoreOptions {
        if (path == null) {
            throw new IllegalArgumentException("store options: path is missing");
        }
        if (durability == null) {
            durability = Durability.FULL;
        }
        if (busyTimeoutMillis < 0) {
            throw new IllegalArgumentException("store options: busyTimeoutMillis " + busyTimeoutMillis + " is negative");
        }
        if (maxBatch < 1 || maxBatch > 10_000) {
            throw new IllegalArgumentException("store options: maxBatch " + maxBatch + " is outside 1..10000");
        }
        if (lineBundleSize < 0 || lineBundleSize > 1 << 20) {
            throw new IllegalArgumentException("store options: lineBundleSize " + lineBundleSize + " is outside 0..1048576 (0: none)");
        }
    }

    /** Defaults for a database that may be created: FULL durability, 5 s busy timeout, batches up to 1,000. */
    public static StoreOptions of(Path path) {
        return new StoreOptions(path, Durability.FULL, 5_000, 1_000, true, true, true, false, LineBundles.DEFAULT_SIZE);
    }

    /**
     * A database that must already exist, opened for reading (verify, replay, proofs, checkpoints): no
     * append writer and no Merkle catch-up, so that a damaged log can still be opened and examined.
     */
    public static StoreOptions existing(Path path) {
        return new StoreOptions(path, Durability.FULL, 5_000, 1_000, false, true, false, false, LineBundles.DEFAULT_SIZE);
    }

    /** The same database opened with the append writer (and the open check it runs first). */
    public StoreOptions withWritable() {
        return new StoreOptions(path, durability, busyTimeoutMillis, maxBatch, createIfMissing, maintainMerkle, true, bulkLoad, lineBundleSize);
    }

    public StoreOptions withDurability(Durability d) {
        return new StoreOptions(path, d, busyTimeoutMillis, maxBatch, createIfMissing, maintainMerkle, writable, bulkLoad, lineBundleSize);
    }

    /**
     * Without Merkle maintenance, for the benchmark that measures its cost only: a store opened this way
     * leaves the tree behind, and the next normal open catches it up.
     */
    public StoreOptions withoutMerkle() {
        return new StoreOptions(path, durability, busyTimeoutMillis, maxBatch, createIfMissing, false, writable, bulkLoad, lineBundleSize);
    }

    /** For {@link BulkLoad}'s temporary file only: a crash during the load corrupts the file (it is then discarded). */
    StoreOptions withBulkLoad() {
        return new StoreOptions(path, durability, busyTimeoutMillis, maxBatch, createIfMissing, maintainMerkle, writable, true, 0);
    }

    /**
     * Pages of history from line bundles of {@code size} events (docs/design/line-bundles.md); 0 reads every
     * page from the events table and writes no bundles.
     */
    public StoreOptions withLineBundleSize(int size) {
        return new StoreOptions(path, durability, busyTimeoutMillis, maxBatch, createIfMissing, maintainMerkle, writable, bulkLoad, size);
    }
}
