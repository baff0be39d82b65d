package io.rynxs.store;

import java.util.List;

/**
 * The log as it was shipped (the sink's segments), read back only to name the first seq at which the rows
 * differ from it once a commitment says they do. Implemented at the shipping edge.
 */
public interface ShippedLog {
    /**
     * The hashes of events {@code first..last} as shipped, in seq order; shorter (possibly empty) where the
     * sink holds fewer. Throws a {@link StoreException} when the sink cannot be read.
     */
    List<String> hashes(long first, long last);
}
