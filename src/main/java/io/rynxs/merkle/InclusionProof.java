package io.rynxs.merkle;

import java.util.List;
import java.util.Objects;

/**
 * A claim that the leaf at {@code leafIndex} is in the tree of {@code treeSize} leaves, with the audit
 * path of RFC 6962 §2.1.1 ordered from the leaf up.
 *
 * <p>The record rejects only values that cannot be represented (negative numbers, nulls). Whether the
 * index, size and hashes fit together is what {@link #verify} answers, so a proof received from
 * elsewhere fails as a verification, with a reason, rather than as malformed input.
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash32> hashes) {

    public InclusionProof {
        if (leafIndex < 0 || treeSize < 0) {
            throw new IllegalArgumentException("create inclusion proof: leaf index " + leafIndex + " and tree size "
                    + treeSize + " must not be negative (use 0-based leaf indexes and leaf counts)");
        }
        hashes = List.copyOf(Objects.requireNonNull(hashes, "hashes"));
    }

    /**
     * Checks, per RFC 9162 §2.1.3.2, that {@code leafHash} (the leaf's hash, not its data) is at
     * {@code leafIndex} in the tree whose root is {@code root}; returns normally only if it is.
     */
    public void verify(Hash32 leafHash, Hash32 root) throws ProofException {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(root, "root");
        if (leafIndex >= treeSize) {
            throw failure("leaf index is not below the tree size", "ask for a proof of a leaf inside the tree");
        }
        // fn is the node's index at the current level, sn the index of the tree's last node at that level.
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] computed = leafHash.bytes();
        for (int i = 0; i < hashes.size(); i++) {
            if (sn == 0) {
                throw failure("the path has " + hashes.size() + " hashes but this leaf needs only " + i,
                        "drop the extra hashes or fetch the proof again");
            }
            Hash32 sibling = hashes.get(i);
            if ((fn & 1) == 1 || fn == sn) {
                computed = MerkleHasher.nodeHash(sibling.bytes(), computed);
                // A right-edge node with no right sibling moves up unchanged until it becomes a right child.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                computed = MerkleHasher.nodeHash(computed, sibling.bytes());
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw failure("the path has only " + hashes.size() + " hashes, fewer than this tree needs",
                    "fetch the complete proof");
        }
        if (!new Hash32(computed).equals(root)) {
            throw failure("the path leads to root " + new Hash32(computed).hex() + ", not " + root.hex(),
                    "the leaf, the proof or the root is wrong; fetch them again from a trusted source");
        }
    }

    private ProofException failure(String problem, String hint) {
        return new ProofException("verify inclusion of leaf " + leafIndex + " in tree of size " + treeSize + ": "
                + problem + " (" + hint + ")");
    }
}
