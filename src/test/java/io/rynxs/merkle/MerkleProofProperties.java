package io.rynxs.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Honest roots and proofs built from stored nodes equal the RFC 6962 recursive definitions and verify. */
class MerkleProofProperties {

    @Property(tries = 300)
    void root_at_any_size_equals_the_recursive_mth(
            @ForAll @IntRange(min = 1, max = 2000) int treeSize, @ForAll long seed, @ForAll long pick) {
        TestTree t = TestTree.of(treeSize, seed);
        long size = Math.floorMod(pick, treeSize + 1L);
        assertThat(t.merkle().root(size)).isEqualTo(t.root(size));
    }

    @Property(tries = 300)
    void inclusion_proof_from_stored_nodes_equals_the_recursive_path_and_verifies(
            @ForAll @IntRange(min = 1, max = 2000) int size, @ForAll long seed, @ForAll long pick) throws ProofException {
        TestTree t = TestTree.of(size, seed);
        long index = Math.floorMod(pick, (long) size);
        InclusionProof proof = t.merkle().inclusionProof(index, size);
        assertThat(proof.hashes()).isEqualTo(t.reference().path(index, size));
        proof.verify(t.leaf(index), t.root(size));
    }

    @Property(tries = 300)
    void consistency_proof_from_stored_nodes_equals_the_recursive_proof_and_verifies(
            @ForAll @IntRange(min = 1, max = 2000) int size, @ForAll long seed, @ForAll long pick) throws ProofException {
        TestTree t = TestTree.of(size, seed);
        long from = Math.floorMod(pick, size + 1L);
        ConsistencyProof proof = t.merkle().consistencyProof(from, size);
        if (from > 0) {
            assertThat(proof.hashes()).isEqualTo(t.reference().proof(from, size));
        } else {
            assertThat(proof.hashes()).isEmpty();
        }
        proof.verify(t.root(from), t.root(size));
    }

    /**
     * Trees of up to 2^50 leaves, too big to build, whose leaf hashes repeat every 64 leaves: the reader
     * serves each complete subtree from the oracle, and counts the reads to show they stay O(log n).
     */
    @Property(tries = 200)
    void proofs_for_huge_trees_equal_the_recursive_definitions_and_take_logarithmic_reads(
            @ForAll @LongRange(min = 1, max = 1L << 50) long size, @ForAll long pickLeaf, @ForAll long pickFrom)
            throws ProofException {
        RfcReference reference = new RfcReference(
                i -> MerkleHasher.leafHash(ByteBuffer.allocate(8).putLong(i % 64).array()), 64);
        AtomicInteger reads = new AtomicInteger();
        MerkleTree merkle = new MerkleTree((level, index) -> {
            reads.incrementAndGet();
            assertThat((index + 1) << level).as("node (%d, %d) inside the tree", level, index).isLessThanOrEqualTo(size);
            return reference.mth(index << level, (index + 1) << level);
        });
        int logSize = Long.SIZE - Long.numberOfLeadingZeros(size);
        Hash32 root = new Hash32(reference.mth(0, size));

        assertThat(merkle.root(size)).isEqualTo(root);
        assertThat(reads.getAndSet(0)).isEqualTo(Long.bitCount(size));

        long index = Math.floorMod(pickLeaf, size);
        InclusionProof inclusion = merkle.inclusionProof(index, size);
        assertThat(reads.getAndSet(0)).isLessThanOrEqualTo(3 * logSize);
        assertThat(inclusion.hashes()).isEqualTo(reference.path(index, size));
        inclusion.verify(new Hash32(reference.mth(index, index + 1)), root);

        long from = 1 + Math.floorMod(pickFrom, size);
        ConsistencyProof consistency = merkle.consistencyProof(from, size);
        assertThat(reads.getAndSet(0)).isLessThanOrEqualTo(3 * logSize + 1);
        assertThat(consistency.hashes()).isEqualTo(reference.proof(from, size));
        consistency.verify(new Hash32(reference.mth(0, from)), root);
    }
}
