package io.rynxs.checkpoint;

/**
 * The outcome of opening or verifying a checkpoint, one code per failure (docs/DESIGN.md, Checkpoints) plus {@code OK}.
 *
 * <p>Names are stable: the CLI, the HTTP problem mapper and the custom resource's status print them.
 */
public enum CheckpointCode {
    OK,
    /** The bytes break the signed-note or tlog-checkpoint format. */
    MALFORMED,
    /** No signature line comes from a known key (name and key ID). */
    UNKNOWN_KEY,
    /** A signature line from a known key does not verify. */
    BAD_SIGNATURE,
    /** The checkpoint's tree size is larger than the log's head. */
    BEYOND_HEAD,
    /** The Merkle root recomputed from the log differs. */
    ROOT_MISMATCH,
    /** The stored chain hash at seq = tree size differs. */
    CHAIN_MISMATCH,
    /** The state hash of a fresh replay to tree size differs. */
    STATE_MISMATCH
}
