package io.rynxs.store;

/**
 * One row of the segments table: a range sealed into an object and a manifest, and whether both (and the
 * checkpoint) reached the object store. {@code object} is null once shipped.
 */
public record SegmentRecord(long first, long last, String objectKey, String objectSha256, byte[] object, String manifestSha256,
                            byte[] manifest, boolean shipped, String sealedAt, String shippedAt) {
}
