package io.rynxs.merkle;

/** Read access to the stored hashes of complete subtrees, the one thing the Merkle algorithms need from a store. */
@FunctionalInterface
public interface NodeReader {

    /**
     * Returns the 32-byte hash of the complete subtree at {@code level} and {@code index}, which covers
     * leaves {@code [index·2^level, (index+1)·2^level)}; level 0 holds the leaf hashes. Callers only ask
     * for subtrees that lie wholly inside the tree, so an implementation may treat any other request as
     * a bug and throw.
     */
    byte[] node(int level, long index);
}
