package io.rynxs.store;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.event.Sha256;
import io.rynxs.segment.Manifest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Something the log said about itself outside its rows: "the first {@code size} events have this Merkle
 * root, and event {@code size} has this hash". Signed checkpoints (stored, shipped, or an auditor's copy)
 * and segment manifests (the ledger's, the sink's) are commitments; the audit holds the rows to every one.
 *
 * @param source    where it comes from, in words a report can show ({@code checkpoint 7450}, {@code s3://b/events/ manifest 1})
 * @param size      the tree size it covers
 * @param root      the hex Merkle root of events 1..size
 * @param chainHash the hex hash of event {@code size}
 * @param stateHash the hex state hash after event {@code size}, or null when the commitment has none (manifests)
 * @param signed    whether a signature over it was verified with the log's key
 */
public record Commitment(String source, long size, String root, String chainHash, String stateHash, boolean signed) {
    public Commitment {
        Objects.requireNonNull(source, "source");
        if (size < 1) {
            throw new IllegalArgumentException("commitment " + source + ": size " + size + " is below 1");
        }
        if (!Sha256.isHash(root) || !Sha256.isHash(chainHash) || (stateHash != null && !Sha256.isHash(stateHash))) {
            throw new IllegalArgumentException("commitment " + source + ": root, chain and state hashes must be 64 lowercase hex characters");
        }
    }

    /** A checkpoint whose signature was verified ({@link Checkpoint#open} returns nothing else). */
    public static Commitment of(Checkpoint c, String source) {
        return new Commitment(source, c.treeSize(), HexFormat.of().formatHex(c.root()), c.chainHash(), c.stateHash(), true);
    }

    /** A segment manifest: unsigned itself, but the root and head of the segment's checkpoint. */
    public static Commitment of(Manifest m, String source) {
        return new Commitment(source, m.last(), m.root(), m.head(), null, false);
    }
}
