package io.rynxs.store;

/** What an audit found wrong, the first five from the rows alone, the rest against a {@link Commitment}. */
public enum AuditCode {
    /** An event is missing, or a seq appears twice. */
    SEQ_GAP,
    /** A row's stored hash is not the hash of its stored fields: the row was modified. */
    HASH_MISMATCH,
    /** A row's {@code prev} does not name the hash of the row before: a row was re-hashed, replaced or reordered. */
    LINK_BROKEN,
    /** A field of a row cannot be what it must be (not one canonical JSON object, bad hex, unknown version). */
    MALFORMED,
    /** A row's epoch is below the previous one's. */
    EPOCH_DECREASED,
    /** The log ends before a commitment's size: events that were signed or shipped are gone. */
    TRUNCATED,
    /** The Merkle root recomputed from the rows differs from a commitment's: rows it covers were rewritten. */
    ROOT_MISMATCH,
    /** The hash of the event at a commitment's size differs from the commitment's chain hash. */
    CHAIN_MISMATCH,
    /** The state replayed from the rows differs from the state a checkpoint signed. */
    STATE_MISMATCH,
    /** A stored Merkle node differs from the one recomputed from the rows (proofs served from it would be wrong). */
    NODE_MISMATCH,
    /**
     * A stored commitment is not what it claims: a checkpoint row whose note does not verify with the log's key
     * or says other than its columns, a ledger row whose manifest does not parse. The table was altered.
     */
    COMMITMENT_INVALID
}
