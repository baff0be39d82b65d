package io.rynxs.checkpoint;

/**
 * What {@link CheckpointVerification} needs to know about the log, so the check itself stays pure.
 *
 * <p>Sequence numbers equal tree sizes: the event with seq {@code n} is the last leaf of the tree of
 * size {@code n}. Implementations are only asked about sizes and seqs up to {@link #headSize()}.
 * Size 0 is never signed by this log, but a parsed checkpoint may carry it; for it the log answers
 * with the empty-tree root and its genesis chain and state hashes.
 */
public interface LogFacts {

    /** Number of events in the log now. */
    long headSize();

    /** Merkle root (32 bytes) of the first {@code size} events. */
    byte[] rootAt(long size);

    /** Stored chain hash of the event {@code seq}, 64 lowercase hex characters. */
    String chainHashAt(long seq);

    /** State hash after a fresh replay up to {@code seq}, 64 lowercase hex characters; may be slow. */
    String stateHashAt(long seq);
}
