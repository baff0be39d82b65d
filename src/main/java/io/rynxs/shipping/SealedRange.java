package io.rynxs.shipping;

/**
 * One segment built by a {@link SealPipeline} and not yet recorded anywhere: the gzip object of events
 * {@code first..last}, the facts its manifest needs, and the state after {@code last} for its checkpoint.
 */
record SealedRange(long first, long last, String prev, String head, long epoch, byte[] object, String objectSha256,
                   long ndjsonBytes, SealedState state) {
}
