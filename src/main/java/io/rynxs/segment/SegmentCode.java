package io.rynxs.segment;

/** Why a set of segments failed to verify; names are stable (CLI output; docs/FORMAT.md, Segments). */
public enum SegmentCode {
    /** A line is not UTF-8 JSON with the ten fields in canonical form, or does not end in a newline. */
    LINE_MALFORMED,
    /** The segment object is not a complete gzip stream. */
    OBJECT_CORRUPT,
    /** A line's hash differs from the SHA-256 of its canonical nine fields. */
    HASH_MISMATCH,
    /** A line's prev is not the hash of the event before it. */
    LINK_BROKEN,
    /** A line's epoch is lower than the epoch of the event before it. */
    EPOCH_DECREASED,
    /** Seqs do not continue one by one (a line, or whole segments, missing or reordered). */
    SEQ_GAP,
    /** The manifest is unreadable, or its fields do not describe the segment's content or key. */
    MANIFEST_MISMATCH,
    /** The segment object's SHA-256 or size differs from the manifest's. */
    CHECKSUM_MISMATCH,
    /** previousManifestSha256 is not the SHA-256 of the previous manifest's bytes. */
    MANIFEST_CHAIN_BROKEN,
    /**
     * The Merkle root recomputed at the segment's last seq differs from the manifest's, or the root the segments give
     * at a signed checkpoint's size differs from that checkpoint's (the sink holds another history than the one signed).
     */
    ROOT_MISMATCH,
    /** The checkpoint at the segment's last seq does not verify with the key, or disagrees with the manifest. */
    CHECKPOINT_INVALID,
    /** A manifest names a segment object or checkpoint that is not in the store. */
    MISSING_OBJECT,
    /**
     * The segments end before a size the log is known to have reached: a signed checkpoint still in the sink, a note
     * given with {@code --checkpoint}, or {@code --expect-size}. The tail was cut, or this is an older copy.
     */
    TRUNCATED
}
