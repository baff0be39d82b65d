package io.rynxs.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The right frontier of a Merkle tree: the roots of the complete subtrees that cover leaves [0, size),
 * largest first, one per set bit of size (at most 63), enough to append and to compute the root.
 *
 * <p>Mutable and not thread-safe: the single writer appends to it. To undo a failed transaction, append
 * to a {@link #copy()} and keep it only once the transaction commits.
 */
public final class CompactRange {

    // hashes.get(i) is the subtree for the i-th highest set bit of size.
    private final ArrayList<byte[]> hashes;
    private long size;

    private CompactRange(ArrayList<byte[]> hashes, long size) {
        this.hashes = hashes;
        this.size = size;
    }

    /** Returns the frontier of the empty tree. */
    public static CompactRange empty() {
        return new CompactRange(new ArrayList<>(), 0);
    }

    /** Reads the frontier of a stored tree of {@code size} leaves: one node per set bit of size. */
    public static CompactRange load(long size, NodeReader reader) {
        Objects.requireNonNull(reader, "reader");
        if (size < 0) {
            throw new IllegalArgumentException("load compact range: size " + size + " is negative (use 0 or more)");
        }
        ArrayList<byte[]> hashes = new ArrayList<>(Long.bitCount(size));
        for (int level = Long.SIZE - 2; level >= 0; level--) {
            if ((size >>> level & 1) == 1) {
                // The subtree for this bit starts where the higher bits' subtrees end.
                long index = (size >>> level) - 1;
                byte[] hash = reader.node(level, index);
                if (hash == null || hash.length != MerkleHasher.HASH_LENGTH) {
                    throw new IllegalStateException("load compact range at size " + size + ": node at level " + level
                            + " index " + index + " is " + (hash == null ? "missing" : hash.length + " bytes")
                            + " (the store must hold every complete subtree below its size; rebuild the node table)");
                }
                hashes.add(hash.clone());
            }
        }
        return new CompactRange(hashes, size);
    }

    /**
     * Appends one leaf hash and returns every complete node this creates: the leaf at level 0, then each
     * parent it completes. Appending n leaves returns 2n - bitCount(n) nodes in all, so at most 2n.
     */
    public List<Node> append(byte[] leafHash) {
        MerkleHasher.requireHash("append to compact range", "leaf hash", leafHash);
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("append to compact range: tree is full at 2^63-1 leaves (start a new log)");
        }
        List<Node> created = new ArrayList<>();
        byte[] hash = leafHash.clone();
        created.add(new Node(0, size, hash));
        // Each trailing 1 bit of size is a subtree of equal height waiting for a right sibling.
        int level = 0;
        while ((size >>> level & 1) == 1) {
            hash = MerkleHasher.nodeHash(hashes.remove(hashes.size() - 1), hash);
            level++;
            created.add(new Node(level, size >>> level, hash));
        }
        hashes.add(hash);
        size++;
        return created;
    }

    /** Returns MTH of the leaves appended so far; the empty-tree root when there are none. */
    public Hash32 root() {
        if (hashes.isEmpty()) {
            return new Hash32(MerkleHasher.emptyRoot());
        }
        // The RFC splits at the largest power of two, so the smaller subtrees nest to the right.
        byte[] folded = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            folded = MerkleHasher.nodeHash(hashes.get(i), folded);
        }
        return new Hash32(folded);
    }

    /** Returns the number of leaves appended so far. */
    public long size() {
        return size;
    }

    /** Returns the frontier's subtree roots, largest (leftmost) first. */
    public List<Hash32> frontier() {
        return hashes.stream().map(Hash32::new).toList();
    }

    /** Returns an independent copy, so a writer can discard its appends if the transaction fails. */
    public CompactRange copy() {
        // The arrays are never written after they enter the list, so sharing them is safe.
        return new CompactRange(new ArrayList<>(hashes), size);
    }
}
