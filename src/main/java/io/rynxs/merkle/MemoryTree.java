package io.rynxs.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole Merkle tree in memory, every complete subtree kept, for tests and for offline tools that
 * rebuild and check a log from downloaded segments; it holds at most 2^31-1 leaves.
 */
public final class MemoryTree implements NodeReader {

    // levels.get(level).get(index) is the node; level 0 holds the leaf hashes.
    private final List<List<byte[]>> levels = new ArrayList<>();
    private final CompactRange frontier = CompactRange.empty();

    /** Returns a tree over the given leaf hashes, in order. */
    public static MemoryTree ofLeafHashes(List<byte[]> leafHashes) {
        MemoryTree tree = new MemoryTree();
        Objects.requireNonNull(leafHashes, "leafHashes").forEach(tree::append);
        return tree;
    }

    /** Appends a leaf hash (not leaf data) and stores every node it completes. */
    public void append(byte[] leafHash) {
        if (frontier.size() == Integer.MAX_VALUE) {
            throw new IllegalStateException("append to memory tree: " + frontier.size()
                    + " leaves is the in-memory limit (use the SQLite store for larger logs)");
        }
        for (Node node : frontier.append(leafHash)) {
            if (levels.size() == node.level()) {
                levels.add(new ArrayList<>());
            }
            // Nodes arrive in index order per level, so each one goes at the end of its list.
            levels.get(node.level()).add(node.hash());
        }
    }

    /** Returns the number of leaves. */
    public long size() {
        return frontier.size();
    }

    /** Returns the root of all leaves. */
    public Hash32 root() {
        return frontier.root();
    }

    @Override
    public byte[] node(int level, long index) {
        List<byte[]> row = level >= 0 && level < levels.size() ? levels.get(level) : List.of();
        if (index < 0 || index >= row.size()) {
            throw new IllegalArgumentException("read memory tree node at level " + level + " index " + index
                    + ": no complete subtree there in a tree of " + size()
                    + " leaves (ask only for subtrees inside the tree)");
        }
        return row.get((int) index).clone();
    }
}
