package io.rynxs.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types reject what they cannot represent and cannot be changed through the arrays they share. */
class MerkleValuesTest {

    private static final Hash32 ZERO = new Hash32(new byte[32]);

    @Test
    void a_hash_of_the_wrong_length_is_rejected_with_a_hint() {
        assertThatThrownBy(() -> new Hash32(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("create hash: got 31 bytes, expected 32 (pass a raw SHA-256 digest)");
        assertThatThrownBy(() -> Hash32.fromHex("zz".repeat(32))).hasMessageContaining("not hexadecimal");
    }

    @Test
    void a_hash_is_compared_by_value_and_cannot_be_changed_through_its_arrays() {
        byte[] bytes = new byte[32];
        Hash32 hash = new Hash32(bytes);
        bytes[0] = 1;
        hash.bytes()[1] = 1;
        assertThat(hash).isEqualTo(ZERO).hasSameHashCodeAs(ZERO);
        assertThat(hash.hex()).isEqualTo("00".repeat(32));
        assertThat(Hash32.fromHex("AB".repeat(32)).hex()).isEqualTo("ab".repeat(32));
    }

    @Test
    void a_node_cannot_be_changed_through_its_array_and_rejects_positions_outside_any_tree() {
        byte[] bytes = new byte[32];
        Node node = new Node(1, 2, bytes);
        bytes[0] = 1;
        node.hash()[0] = 1;
        assertThat(node).isEqualTo(new Node(1, 2, new byte[32]));
        assertThatThrownBy(() -> new Node(-1, 0, new byte[32])).hasMessageStartingWith("create merkle node: level -1");
        assertThatThrownBy(() -> new Node(62, 2, new byte[32])).hasMessageStartingWith("create merkle node: index 2");
    }

    @Test
    void proofs_reject_negative_numbers_and_copy_their_hash_lists() {
        assertThatThrownBy(() -> new InclusionProof(-1, 1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsistencyProof(1, -1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InclusionProof(0, 1, List.of(ZERO)).hashes().add(ZERO))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void building_a_proof_outside_the_tree_is_rejected_as_a_caller_error() {
        MerkleTree tree = new MerkleTree(MemoryTree.ofLeafHashes(List.of(new byte[32], new byte[32])));
        assertThatThrownBy(() -> tree.inclusionProof(2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build inclusion proof for leaf 2 in tree of size 2: leaf is outside the tree "
                        + "(use 0 <= leaf index < tree size)");
        assertThatThrownBy(() -> tree.consistencyProof(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_reader_returning_a_short_hash_is_reported_with_the_node_position() {
        MerkleTree tree = new MerkleTree((level, index) -> new byte[3]);
        assertThatThrownBy(() -> tree.root(4)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("read merkle node at level 2 index 0: 3 bytes instead of 32");
    }

    @Test
    void consistency_from_the_empty_tree_needs_no_hashes_but_the_empty_root() throws ProofException {
        Hash32 empty = new Hash32(MerkleHasher.emptyRoot());
        new ConsistencyProof(0, 5, List.of()).verify(empty, ZERO);
        assertThatThrownBy(() -> new ConsistencyProof(0, 5, List.of()).verify(ZERO, ZERO))
                .isInstanceOf(ProofException.class)
                .hasMessageStartingWith("verify consistency from size 0 to size 5: old root 0000");
        assertThatThrownBy(() -> new ConsistencyProof(0, 5, List.of(ZERO)).verify(empty, ZERO))
                .isInstanceOf(ProofException.class).hasMessageContaining("expected no hashes, got 1");
    }

    @Test
    void a_verification_failure_says_what_failed_and_what_to_do() {
        assertThatThrownBy(() -> new InclusionProof(0, 2, List.of()).verify(ZERO, ZERO))
                .isInstanceOf(ProofException.class)
                .hasMessage("verify inclusion of leaf 0 in tree of size 2: the path has only 0 hashes, "
                        + "fewer than this tree needs (fetch the complete proof)");
    }

    @Test
    void reversed_sizes_and_surplus_hashes_are_named_as_such_before_any_hashing() {
        assertThatThrownBy(() -> new ConsistencyProof(3, 2, List.of(ZERO)).verify(ZERO, ZERO))
                .isInstanceOf(ProofException.class).hasMessageContaining("the old size is larger than the new size");
        assertThatThrownBy(() -> new InclusionProof(0, 1, List.of(ZERO)).verify(ZERO, ZERO))
                .isInstanceOf(ProofException.class).hasMessageContaining("the path has 1 hashes but this leaf needs only 0");
        assertThatThrownBy(() -> new ConsistencyProof(1, 2, List.of(ZERO, ZERO)).verify(ZERO, ZERO))
                .isInstanceOf(ProofException.class).hasMessageContaining("more hashes than these sizes need");
    }
}
