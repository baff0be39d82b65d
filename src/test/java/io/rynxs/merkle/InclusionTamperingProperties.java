package io.rynxs.merkle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Every alteration of an honest inclusion proof makes verification fail. */
class InclusionTamperingProperties {

    @Property(tries = 300)
    void inclusion_proof_with_one_flipped_byte_fails(
            @ForAll @IntRange(min = 2, max = 2000) int size, @ForAll long seed, @ForAll long pick, @ForAll long flip) {
        TestTree t = TestTree.of(size, seed);
        long index = Math.floorMod(pick, (long) size);
        InclusionProof honest = t.merkle().inclusionProof(index, size);
        InclusionProof forged = new InclusionProof(index, size, TestTree.flipOne(honest.hashes(), flip));
        assertFails(forged, t.leaf(index), t.root(size));
    }

    @Property(tries = 300)
    void inclusion_proof_with_a_flipped_leaf_or_root_fails(
            @ForAll @IntRange(min = 1, max = 2000) int size, @ForAll long seed, @ForAll long pick, @ForAll long flip) {
        TestTree t = TestTree.of(size, seed);
        long index = Math.floorMod(pick, (long) size);
        InclusionProof honest = t.merkle().inclusionProof(index, size);
        assertFails(honest, TestTree.flipBit(t.leaf(index), flip), t.root(size));
        assertFails(honest, t.leaf(index), TestTree.flipBit(t.root(size), flip));
    }

    @Property(tries = 300)
    void inclusion_proof_claimed_for_another_leaf_index_fails(
            @ForAll @IntRange(min = 2, max = 2000) int size, @ForAll long seed, @ForAll long pick, @ForAll long other) {
        TestTree t = TestTree.of(size, seed);
        long index = Math.floorMod(pick, (long) size);
        long wrongIndex = (index + 1 + Math.floorMod(other, size - 1L)) % size;
        InclusionProof honest = t.merkle().inclusionProof(index, size);
        assertFails(new InclusionProof(wrongIndex, size, honest.hashes()), t.leaf(index), t.root(size));
    }

    @Property(tries = 300)
    void inclusion_proof_claimed_for_another_tree_size_fails(
            @ForAll @IntRange(min = 2, max = 2000) int treeSize, @ForAll long seed,
            @ForAll long pickSize, @ForAll long pickOther, @ForAll long pickIndex) {
        TestTree t = TestTree.of(treeSize, seed);
        long size = 1 + Math.floorMod(pickSize, (long) treeSize);
        long wrongSize = 1 + (size + Math.floorMod(pickOther, treeSize - 1L)) % treeSize;
        long index = Math.floorMod(pickIndex, Math.min(size, wrongSize));
        InclusionProof honest = t.merkle().inclusionProof(index, size);
        // The wrong size is checked against that size's true root, as a signed checkpoint would pair them.
        assertFails(new InclusionProof(index, wrongSize, honest.hashes()), t.leaf(index), t.root(wrongSize));
    }

    @Property(tries = 300)
    void truncated_inclusion_proof_fails(
            @ForAll @IntRange(min = 2, max = 2000) int size, @ForAll long seed, @ForAll long pick, @ForAll long drop) {
        TestTree t = TestTree.of(size, seed);
        long index = Math.floorMod(pick, (long) size);
        InclusionProof honest = t.merkle().inclusionProof(index, size);
        assertFails(new InclusionProof(index, size, TestTree.dropOne(honest.hashes(), drop)), t.leaf(index), t.root(size));
        assertFails(new InclusionProof(index, size, List.of()), t.leaf(index), t.root(size));
    }

    @Property(tries = 300)
    void inclusion_proof_extended_with_an_extra_hash_fails(
            @ForAll @IntRange(min = 1, max = 2000) int size, @ForAll long seed, @ForAll long pick,
            @ForAll long at, @ForAll boolean repeatExisting) {
        TestTree t = TestTree.of(size, seed);
        long index = Math.floorMod(pick, (long) size);
        InclusionProof honest = t.merkle().inclusionProof(index, size);
        // Repeating a hash of the proof is the hardest extra to spot; a fresh one covers the rest.
        Hash32 extra = repeatExisting && !honest.hashes().isEmpty()
                ? honest.hashes().get((int) Math.floorMod(at, (long) honest.hashes().size()))
                : t.leaf(Math.floorMod(at * 31, (long) size));
        assertFails(new InclusionProof(index, size, TestTree.insertOne(honest.hashes(), at, extra)),
                t.leaf(index), t.root(size));
    }

    @Property(tries = 300)
    void inclusion_proof_with_leaf_index_at_or_beyond_tree_size_fails(
            @ForAll @IntRange(min = 1, max = 2000) int size, @ForAll long seed, @ForAll long pick,
            @ForAll @LongRange(min = 0, max = 5000) long beyond) {
        TestTree t = TestTree.of(size, seed);
        long index = Math.floorMod(pick, (long) size);
        InclusionProof honest = t.merkle().inclusionProof(index, size);
        assertFails(new InclusionProof(size + beyond, size, honest.hashes()), t.leaf(index), t.root(size));
    }

    private static void assertFails(InclusionProof proof, Hash32 leaf, Hash32 root) {
        assertThatThrownBy(() -> proof.verify(leaf, root)).isInstanceOf(ProofException.class)
                .hasMessageStartingWith("verify inclusion of leaf ");
    }
}
