package io.rynxs.merkle;

import java.util.List;

/**
 * The JSON shapes of proofs (docs/FORMAT.md, "The Merkle tree"), one for the API and the CLI alike: records a
 * JSON writer turns into objects of their components in this order.
 */
public final class ProofJson {
    private ProofJson() {}

    /** An inclusion proof of event {@code seq} (leaf {@code leafIndex}) in the tree of {@code treeSize}, with that tree's root. */
    public record Inclusion(long seq, long treeSize, long leafIndex, List<String> hashes, String root) {
        public static Inclusion of(long seq, InclusionProof p, Hash32 root) {
            return new Inclusion(seq, p.treeSize(), p.leafIndex(), hex(p.hashes()), root.hex());
        }
    }

    /** A consistency proof between the trees of {@code from} and {@code to} events, with both roots. */
    public record Consistency(long from, long to, List<String> hashes, String fromRoot, String toRoot) {
        public static Consistency of(ConsistencyProof p, Hash32 fromRoot, Hash32 toRoot) {
            return new Consistency(p.fromSize(), p.toSize(), hex(p.hashes()), fromRoot.hex(), toRoot.hex());
        }
    }

    private static List<String> hex(List<Hash32> hashes) {
        return hashes.stream().map(Hash32::hex).toList();
    }
}
