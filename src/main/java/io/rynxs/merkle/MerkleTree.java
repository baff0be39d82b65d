package io.rynxs.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Roots and RFC 6962 §2.1 proofs for any tree size, computed from stored complete subtrees in O(log n) reads.
 *
 * <p>The caller must know the stored tree's size and ask only about sizes up to it: this class cannot
 * tell a missing node from a tree that is too small.
 */
public final class MerkleTree {

    private final NodeReader reader;

    public MerkleTree(NodeReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** Returns MTH(D[size]), the root of the first {@code size} leaves; reads one node per set bit of size. */
    public Hash32 root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("compute merkle root: size " + size + " is negative (use 0 or more)");
        }
        return size == 0 ? new Hash32(MerkleHasher.emptyRoot()) : new Hash32(rangeHash(0, size));
    }

    /** Returns PATH(leafIndex, D[treeSize]) of RFC 6962 §2.1.1, the hashes ordered from the leaf up. */
    public InclusionProof inclusionProof(long leafIndex, long treeSize) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("build inclusion proof for leaf " + leafIndex + " in tree of size "
                    + treeSize + ": leaf is outside the tree (use 0 <= leaf index < tree size)");
        }
        // The RFC recursion is walked top-down; its output lists the deepest sibling first, hence the reverse.
        List<Hash32> topDown = new ArrayList<>();
        long start = 0;
        long end = treeSize;
        // [start, end) always starts at a multiple of its own width rounded up to a power of two, so a
        // power-of-two width means a complete stored subtree and the rest of the path is plain siblings.
        while (!isPowerOfTwo(end - start)) {
            long split = Long.highestOneBit(end - start - 1);
            if (leafIndex < start + split) {
                topDown.add(new Hash32(rangeHash(start + split, end)));
                end = start + split;
            } else {
                topDown.add(complete(start, split));
                start += split;
            }
        }
        List<Hash32> path = new ArrayList<>();
        int height = Long.numberOfTrailingZeros(end - start);
        for (int level = 0; level < height; level++) {
            path.add(new Hash32(read(level, (leafIndex >>> level) ^ 1)));
        }
        Collections.reverse(topDown);
        path.addAll(topDown);
        return new InclusionProof(leafIndex, treeSize, path);
    }

    /**
     * Returns PROOF(fromSize, D[toSize]) of RFC 6962 §2.1.2, deepest hash first. The proof from size 0 is
     * empty: every tree extends the empty tree, and the RFC leaves that case undefined.
     */
    public ConsistencyProof consistencyProof(long fromSize, long toSize) {
        if (fromSize < 0 || fromSize > toSize) {
            throw new IllegalArgumentException("build consistency proof from size " + fromSize + " to size " + toSize
                    + ": sizes out of order (use 0 <= from size <= to size)");
        }
        if (fromSize == 0 || fromSize == toSize) {
            return new ConsistencyProof(fromSize, toSize, List.of());
        }
        List<Hash32> topDown = new ArrayList<>();
        long start = 0;
        long end = toSize;
        // SUBPROOF's flag b: true while the old tree is still a whole left-aligned subtree of the new one,
        // in which case the verifier already knows its hash and the proof omits it.
        boolean oldRootKnown = true;
        // Invariant: start < fromSize <= end, so the loop ends when the range is exactly the old tree's part.
        while (fromSize != end) {
            long split = Long.highestOneBit(end - start - 1);
            if (fromSize - start <= split) {
                topDown.add(new Hash32(rangeHash(start + split, end)));
                end = start + split;
            } else {
                topDown.add(complete(start, split));
                start += split;
                oldRootKnown = false;
            }
        }
        List<Hash32> proof = new ArrayList<>();
        if (!oldRootKnown) {
            proof.add(new Hash32(rangeHash(start, end)));
        }
        Collections.reverse(topDown);
        proof.addAll(topDown);
        return new ConsistencyProof(fromSize, toSize, proof);
    }

    /**
     * Hash of leaves [start, end) as the RFC defines it, where start is a multiple of the width rounded up
     * to a power of two (true of every range the RFC recursion visits). Such a range is one complete
     * subtree per set bit of its width, largest first, folded from the right.
     */
    private byte[] rangeHash(long start, long end) {
        long width = end - start;
        long offset = end;
        byte[] folded = null;
        for (int level = 0; level < Long.SIZE - 1; level++) {
            if ((width >>> level & 1) == 1) {
                offset -= 1L << level;
                byte[] subtree = read(level, offset >>> level);
                folded = folded == null ? subtree : MerkleHasher.nodeHash(subtree, folded);
            }
        }
        return folded;
    }

    private Hash32 complete(long start, long width) {
        int level = Long.numberOfTrailingZeros(width);
        return new Hash32(read(level, start >>> level));
    }

    private byte[] read(int level, long index) {
        byte[] hash = reader.node(level, index);
        if (hash == null || hash.length != MerkleHasher.HASH_LENGTH) {
            throw new IllegalStateException("read merkle node at level " + level + " index " + index + ": "
                    + (hash == null ? "missing" : hash.length + " bytes instead of 32")
                    + " (the store must hold every complete subtree below its size; rebuild the node table)");
        }
        return hash;
    }

    private static boolean isPowerOfTwo(long n) {
        return (n & (n - 1)) == 0;
    }
}
