package io.rynxs.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A claim that the tree of {@code fromSize} leaves is a prefix of the tree of {@code toSize} leaves, with
 * the hashes of RFC 6962 §2.1.2 ordered deepest first.
 *
 * <p>The record rejects only values that cannot be represented (negative sizes, nulls); sizes in the
 * wrong order or hashes that do not fit are reported by {@link #verify} as a failed verification.
 */
public record ConsistencyProof(long fromSize, long toSize, List<Hash32> hashes) {

    public ConsistencyProof {
        if (fromSize < 0 || toSize < 0) {
            throw new IllegalArgumentException("create consistency proof: sizes " + fromSize + " and " + toSize
                    + " must not be negative (use leaf counts)");
        }
        hashes = List.copyOf(Objects.requireNonNull(hashes, "hashes"));
    }

    /**
     * Checks, per RFC 9162 §2.1.4.2, that {@code toRoot} is the root of a tree that extends the tree whose
     * root is {@code fromRoot}; returns normally only if it does. From size 0 the proof must be empty and
     * {@code fromRoot} the empty-tree root, since every tree extends the empty one.
     */
    public void verify(Hash32 fromRoot, Hash32 toRoot) throws ProofException {
        Objects.requireNonNull(fromRoot, "fromRoot");
        Objects.requireNonNull(toRoot, "toRoot");
        if (fromSize > toSize) {
            throw failure("the old size is larger than the new size", "pass the older tree first");
        }
        if (fromSize == toSize || fromSize == 0) {
            if (!hashes.isEmpty()) {
                throw failure("expected no hashes, got " + hashes.size(), "drop the hashes; nothing needs proving");
            }
            Hash32 expected = fromSize == 0 ? new Hash32(MerkleHasher.emptyRoot()) : toRoot;
            if (!fromRoot.equals(expected)) {
                throw failure("old root " + fromRoot.hex() + " is not " + expected.hex(),
                        "the roots describe different trees; the log has forked or a root is wrong");
            }
            return;
        }
        if (hashes.isEmpty()) {
            throw failure("the proof is empty", "fetch the proof again; growing a tree needs at least one hash");
        }
        List<Hash32> path = new ArrayList<>(hashes);
        // An old tree of power-of-two size is a complete subtree, so the proof omits its known root.
        if ((fromSize & (fromSize - 1)) == 0) {
            path.add(0, fromRoot);
        }
        long fn = fromSize - 1;
        long sn = toSize - 1;
        // Skip the levels where the old tree's last node is a right child: the path starts above them.
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] oldComputed = path.get(0).bytes();
        byte[] newComputed = oldComputed;
        for (Hash32 hash : path.subList(1, path.size())) {
            if (sn == 0) {
                throw failure("the proof has more hashes than these sizes need", "drop the extra hashes or fetch the proof again");
            }
            byte[] c = hash.bytes();
            if ((fn & 1) == 1 || fn == sn) {
                oldComputed = MerkleHasher.nodeHash(c, oldComputed);
                newComputed = MerkleHasher.nodeHash(c, newComputed);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                // A hash right of the old tree's edge belongs to the new tree only.
                newComputed = MerkleHasher.nodeHash(newComputed, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw failure("the proof has fewer hashes than these sizes need", "fetch the complete proof");
        }
        if (!new Hash32(oldComputed).equals(fromRoot)) {
            throw failure("the proof leads to old root " + new Hash32(oldComputed).hex() + ", not " + fromRoot.hex(),
                    "the proof or the old root is wrong; fetch them again from a trusted source");
        }
        if (!new Hash32(newComputed).equals(toRoot)) {
            throw failure("the proof leads to new root " + new Hash32(newComputed).hex() + ", not " + toRoot.hex(),
                    "the log was rewritten or the proof or new root is wrong; fetch them again from a trusted source");
        }
    }

    private ProofException failure(String problem, String hint) {
        return new ProofException("verify consistency from size " + fromSize + " to size " + toSize + ": "
                + problem + " (" + hint + ")");
    }
}
