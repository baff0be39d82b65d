package io.rynxs.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

    private static byte[] leaf(int i) {
        return MerkleHasher.leafHash(new byte[] {(byte) i});
    }

    @Test
    void appending_to_a_copy_leaves_the_original_untouched_for_rollback() {
        CompactRange committed = CompactRange.empty();
        committed.append(leaf(0));
        Hash32 rootBefore = committed.root();

        CompactRange transaction = committed.copy();
        transaction.append(leaf(1));
        transaction.append(leaf(2));

        assertThat(committed.size()).isEqualTo(1);
        assertThat(committed.root()).isEqualTo(rootBefore);
        assertThat(transaction.size()).isEqualTo(3);
    }

    @Test
    void the_fourth_append_completes_the_leaf_its_pair_and_the_four_leaf_subtree() {
        CompactRange range = CompactRange.empty();
        for (int i = 0; i < 3; i++) {
            range.append(leaf(i));
        }
        assertThat(range.append(leaf(3))).extracting(Node::level, Node::index)
                .containsExactly(
                        Tuple.tuple(0, 3L),
                        Tuple.tuple(1, 1L),
                        Tuple.tuple(2, 0L));
        assertThat(range.frontier()).hasSize(1);
    }

    @Test
    void appending_a_value_that_is_not_a_hash_is_rejected_with_a_hint() {
        assertThatThrownBy(() -> CompactRange.empty().append(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("append to compact range: leaf hash has 3 bytes, expected 32 (pass a SHA-256 hash, not leaf data)");
    }

    @Test
    void loading_from_a_store_that_lacks_a_node_names_the_node() {
        assertThatThrownBy(() -> CompactRange.load(6, (level, index) -> null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node at level 2 index 0 is missing");
    }
}
