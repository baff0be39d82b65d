package io.rynxs.merkle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every alteration of an honest consistency proof between two different sizes makes verification fail. */
class ConsistencyTamperingProperties {

    /** Sizes 1 <= from < to <= treeSize, the only pairs whose honest proof is not empty. */
    private record Pair(TestTree t, long from, long to, ConsistencyProof honest) {}

    private static Pair pair(int treeSize, long seed, long pickFrom, long pickTo) {
        TestTree t = TestTree.of(treeSize, seed);
        long to = 2 + Math.floorMod(pickTo, treeSize - 1L);
        long from = 1 + Math.floorMod(pickFrom, to - 1);
        return new Pair(t, from, to, t.merkle().consistencyProof(from, to));
    }

    @Property(tries = 300)
    void consistency_proof_with_one_flipped_byte_fails(@ForAll @IntRange(min = 2, max = 2000) int treeSize,
            @ForAll long seed, @ForAll long pickFrom, @ForAll long pickTo, @ForAll long flip) {
        Pair p = pair(treeSize, seed, pickFrom, pickTo);
        assertFails(new ConsistencyProof(p.from(), p.to(), TestTree.flipOne(p.honest().hashes(), flip)),
                p.t().root(p.from()), p.t().root(p.to()));
    }

    @Property(tries = 300)
    void consistency_proof_with_a_flipped_old_or_new_root_fails(@ForAll @IntRange(min = 2, max = 2000) int treeSize,
            @ForAll long seed, @ForAll long pickFrom, @ForAll long pickTo, @ForAll long flip) {
        Pair p = pair(treeSize, seed, pickFrom, pickTo);
        assertFails(p.honest(), TestTree.flipBit(p.t().root(p.from()), flip), p.t().root(p.to()));
        assertFails(p.honest(), p.t().root(p.from()), TestTree.flipBit(p.t().root(p.to()), flip));
    }

    @Property(tries = 300)
    void consistency_proof_claimed_for_another_old_size_fails(@ForAll @IntRange(min = 2, max = 2000) int treeSize,
            @ForAll long seed, @ForAll long pickFrom, @ForAll long pickTo, @ForAll long pickOther) {
        Pair p = pair(treeSize, seed, pickFrom, pickTo);
        // Any other size from 1 to the new size, paired with its true root.
        long wrongFrom = 1 + (p.from() + Math.floorMod(pickOther, p.to() - 1)) % p.to();
        assertFails(new ConsistencyProof(wrongFrom, p.to(), p.honest().hashes()), p.t().root(wrongFrom), p.t().root(p.to()));
    }

    @Property(tries = 300)
    void consistency_proof_claimed_for_another_new_size_fails(@ForAll @IntRange(min = 3, max = 2000) int treeSize,
            @ForAll long seed, @ForAll long pickFrom, @ForAll long pickTo, @ForAll long pickOther) {
        Pair p = pair(treeSize, seed, pickFrom, pickTo);
        // Any other size from the old size to the whole tree, paired with its true root.
        long choices = treeSize - p.from() + 1;
        long wrongTo = p.from() + (p.to() - p.from() + 1 + Math.floorMod(pickOther, choices - 1)) % choices;
        assertFails(new ConsistencyProof(p.from(), wrongTo, p.honest().hashes()), p.t().root(p.from()), p.t().root(wrongTo));
    }

    @Property(tries = 300)
    void truncated_or_empty_consistency_proof_fails(@ForAll @IntRange(min = 2, max = 2000) int treeSize,
            @ForAll long seed, @ForAll long pickFrom, @ForAll long pickTo, @ForAll long drop) {
        Pair p = pair(treeSize, seed, pickFrom, pickTo);
        Hash32 fromRoot = p.t().root(p.from());
        Hash32 toRoot = p.t().root(p.to());
        assertFails(new ConsistencyProof(p.from(), p.to(), TestTree.dropOne(p.honest().hashes(), drop)), fromRoot, toRoot);
        assertFails(new ConsistencyProof(p.from(), p.to(), List.of()), fromRoot, toRoot);
    }

    @Property(tries = 300)
    void consistency_proof_extended_with_an_extra_hash_fails(@ForAll @IntRange(min = 2, max = 2000) int treeSize,
            @ForAll long seed, @ForAll long pickFrom, @ForAll long pickTo, @ForAll long at, @ForAll boolean repeatExisting) {
        Pair p = pair(treeSize, seed, pickFrom, pickTo);
        List<Hash32> hashes = p.honest().hashes();
        Hash32 extra = repeatExisting ? hashes.get((int) Math.floorMod(at, (long) hashes.size())) : p.t().root(p.from());
        assertFails(new ConsistencyProof(p.from(), p.to(), TestTree.insertOne(hashes, at, extra)),
                p.t().root(p.from()), p.t().root(p.to()));
    }

    @Property(tries = 300)
    void consistency_proof_with_sizes_reversed_fails(@ForAll @IntRange(min = 2, max = 2000) int treeSize,
            @ForAll long seed, @ForAll long pickFrom, @ForAll long pickTo) {
        Pair p = pair(treeSize, seed, pickFrom, pickTo);
        assertFails(new ConsistencyProof(p.to(), p.from(), p.honest().hashes()), p.t().root(p.to()), p.t().root(p.from()));
        assertFails(new ConsistencyProof(p.to(), p.from(), List.of()), p.t().root(p.to()), p.t().root(p.from()));
    }

    private static void assertFails(ConsistencyProof proof, Hash32 fromRoot, Hash32 toRoot) {
        assertThatThrownBy(() -> proof.verify(fromRoot, toRoot)).isInstanceOf(ProofException.class)
                .hasMessageStartingWith("verify consistency from size ");
    }
}
