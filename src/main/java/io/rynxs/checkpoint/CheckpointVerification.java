package io.rynxs.checkpoint;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * Checks a checkpoint against the log, cheapest fact first: head, root, chain hash, then state hash,
 * which costs a replay. Pure: everything it knows about the log comes through {@link LogFacts}.
 */
public final class CheckpointVerification {

    private CheckpointVerification() {
    }

    /** Every checkpoint code (docs/DESIGN.md, Checkpoints) from one call: opens {@code note} with {@code key}, then checks it against {@code log}. */
    public static VerificationResult verify(byte[] note, NoteVerifier key, LogFacts log) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.open(note, key);
        } catch (CheckpointException e) {
            return VerificationResult.failure(e.code(), e.getMessage());
        }
        return verify(checkpoint, log);
    }

    /** Checks an opened checkpoint; {@code log} is asked only as much as needed to find the first failure. */
    public static VerificationResult verify(Checkpoint checkpoint, LogFacts log) {
        String subject = "verify checkpoint " + checkpoint.origin() + "@" + checkpoint.treeSize();
        long size = checkpoint.treeSize();
        long head = log.headSize();
        if (size > head) {
            return VerificationResult.failure(CheckpointCode.BEYOND_HEAD, subject + ": tree size is beyond the log head "
                    + head + " (events were lost or this is another log's database; restore from backup)");
        }
        byte[] root = Objects.requireNonNull(log.rootAt(size), "LogFacts.rootAt returned null");
        if (!MessageDigest.isEqual(root, checkpoint.root())) {
            return VerificationResult.failure(CheckpointCode.ROOT_MISMATCH, subject
                    + ": Merkle root recomputed from the log differs (events up to this size were modified;"
                    + " find the first bad seq with rynxs verify and restore from backup)");
        }
        if (!checkpoint.chainHash().equals(log.chainHashAt(size))) {
            return VerificationResult.failure(CheckpointCode.CHAIN_MISMATCH, subject + ": stored chain hash at seq "
                    + size + " differs (the chain column was rewritten; restore from backup)");
        }
        if (!checkpoint.stateHash().equals(log.stateHashAt(size))) {
            return VerificationResult.failure(CheckpointCode.STATE_MISMATCH, subject + ": state hash of a fresh replay to seq "
                    + size + " differs (the reducer changed or the state was built from other events; check the version)");
        }
        return VerificationResult.success(subject + ": signature, root, chain and state match the log");
    }
}
