package io.rynxs.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The compact range appends like the RFC defines the tree, and emits exactly the nodes a store needs. */
class CompactRangeProperties {

    @Property(tries = 100)
    void root_after_every_append_equals_the_recursive_mth(
            @ForAll @IntRange(min = 0, max = 600) int size, @ForAll long seed) {
        TestTree t = TestTree.of(size, seed);
        CompactRange range = CompactRange.empty();
        assertThat(range.root()).isEqualTo(t.root(0));
        for (int i = 0; i < size; i++) {
            range.append(t.leafHashes().get(i));
            assertThat(range.size()).isEqualTo(i + 1);
            assertThat(range.root()).as("root after %d appends", i + 1).isEqualTo(t.root(i + 1));
        }
    }

    @Property(tries = 200)
    void appending_n_leaves_emits_every_complete_node_exactly_once_and_at_most_2n(
            @ForAll @IntRange(min = 0, max = 2000) int size, @ForAll long seed) {
        TestTree t = TestTree.of(size, seed);
        CompactRange range = CompactRange.empty();
        List<Node> created = new ArrayList<>();
        t.leafHashes().forEach(leaf -> created.addAll(range.append(leaf)));

        assertThat(created).hasSize(2 * size - Integer.bitCount(size)).hasSizeLessThanOrEqualTo(2 * size);
        assertThat(created.stream().map(n -> List.of((long) n.level(), n.index()))).doesNotHaveDuplicates();
        for (Node node : created) {
            long first = node.index() << node.level();
            long end = (node.index() + 1) << node.level();
            assertThat(end).as("%s lies inside the tree", node).isLessThanOrEqualTo(size);
            assertThat(new Hash32(node.hash())).as("%s", node).isEqualTo(new Hash32(t.reference().mth(first, end)));
        }
    }

    @Property(tries = 200)
    void loading_from_the_emitted_nodes_gives_the_frontier_that_appending_built(
            @ForAll @IntRange(min = 0, max = 2000) int size, @ForAll long seed, @ForAll long pick) {
        TestTree t = TestTree.of(size, seed);
        CompactRange appended = CompactRange.empty();
        Map<List<Long>, byte[]> store = new HashMap<>();
        long loadAt = Math.floorMod(pick, size + 1L);
        CompactRange snapshot = appended.copy();
        for (int i = 0; i < size; i++) {
            if (i == loadAt) {
                snapshot = appended.copy();
            }
            appended.append(t.leafHashes().get(i)).forEach(n -> store.put(List.of((long) n.level(), n.index()), n.hash()));
        }
        if (loadAt == size) {
            snapshot = appended.copy();
        }
        NodeReader reader = (level, index) -> store.get(List.of((long) level, index));

        CompactRange loaded = CompactRange.load(loadAt, reader);
        assertThat(loaded.size()).isEqualTo(loadAt);
        assertThat(loaded.frontier()).isEqualTo(snapshot.frontier());
        // A writer restarting from the store carries on exactly where the appending writer was.
        for (int i = (int) loadAt; i < size; i++) {
            loaded.append(t.leafHashes().get(i));
        }
        assertThat(loaded.frontier()).isEqualTo(appended.frontier());
        assertThat(loaded.root()).isEqualTo(t.root(size));
    }
}
