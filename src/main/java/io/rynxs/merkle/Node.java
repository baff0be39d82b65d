package io.rynxs.merkle;

import java.util.Arrays;
import java.util.HexFormat;

/** A complete subtree's hash at (level, index), as a store writes it; it covers leaves [index·2^level, (index+1)·2^level). */
public record Node(int level, long index, byte[] hash) {

    /** Copies {@code hash} so that a caller's later writes to its array cannot change a stored node. */
    public Node {
        if (level < 0 || level > 62) {
            throw new IllegalArgumentException("create merkle node: level " + level + " is outside 0..62 (a tree has at most 2^63-1 leaves)");
        }
        if (index < 0 || (index > (Long.MAX_VALUE >>> level))) {
            throw new IllegalArgumentException("create merkle node: index " + index + " at level " + level
                    + " is outside the tree (use 0 <= index < 2^(63-level))");
        }
        MerkleHasher.requireHash("create merkle node", "hash", hash);
        hash = hash.clone();
    }

    /** Returns a copy of the 32-byte hash. */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Node that && level == that.level && index == that.index
                && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * level + Long.hashCode(index)) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "Node[level=" + level + ", index=" + index + ", hash=" + HexFormat.of().formatHex(hash) + "]";
    }
}
