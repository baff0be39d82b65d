package io.rynxs.shipping;

import java.util.List;

/**
 * One segment built by a {@link SealPipeline} and not yet recorded anywhere: the gzip object of events
 * {@code first..last}, the facts its manifest needs, the state after {@code last} for its checkpoint, and the
 * hash of every event, each recomputed from its row as the line was written (the checkpoint's root is rebuilt
 * from them).
 */
record SealedRange(long first, long last, String prev, String head, long epoch, byte[] object, String objectSha256,
                   long ndjsonBytes, SealedState state, List<String> hashes) {
}
