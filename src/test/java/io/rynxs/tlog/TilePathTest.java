package io.rynxs.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The path encoding and tile counts of C2SP tlog-tiles, checked against the spec's own examples. */
class TilePathTest {

    @Test
    void an_index_is_written_in_three_digit_groups_all_but_the_last_prefixed_with_x() {
        // The spec's example: index 1234067 is x001/x234/067.
        assertThat(TilePath.index(1234067)).isEqualTo("x001/x234/067");
        assertThat(TilePath.index(0)).isEqualTo("000");
        assertThat(TilePath.index(5)).isEqualTo("005");
        assertThat(TilePath.index(999)).isEqualTo("999");
        assertThat(TilePath.index(1000)).isEqualTo("x001/000");
        assertThat(TilePath.index(1_000_000)).isEqualTo("x001/x000/000");
        assertThatThrownBy(() -> TilePath.index(-1)).hasMessageContaining("negative");
    }

    @Test
    void full_and_partial_tiles_have_the_spec_paths() {
        assertThat(TileId.full(0, 1234067).path()).isEqualTo("tile/0/x001/x234/067");
        assertThat(new TileId(2, 3, 17).path()).isEqualTo("tile/2/003.p/17");
        assertThat(TileId.full(0, 7).entriesPath()).isEqualTo("tile/entries/007");
        assertThat(new TileId(0, 7, 112).entriesPath()).isEqualTo("tile/entries/007.p/112");
        assertThatThrownBy(() -> new TileId(1, 0, 3).entriesPath()).hasMessageContaining("level-0");
        assertThatThrownBy(() -> new TileId(0, 0, 0)).hasMessageContaining("width 0");
        assertThatThrownBy(() -> new TileId(64, 0, 1)).hasMessageContaining("level 64");
    }

    @Test
    void a_tree_of_70000_has_the_tiles_the_spec_lists() {
        // "273 full level 0 tiles, one partial level 0 tile of width 112, one full level 1 tile, one partial level 1
        // tile of width 17, and one partial level 2 tile of width 1."
        List<TileId> tiles = TreeTiles.of(70_000);
        assertThat(tiles.stream().filter(t -> t.level() == 0 && t.isFull())).hasSize(273);
        assertThat(tiles).contains(new TileId(0, 273, 112), TileId.full(1, 0), new TileId(1, 1, 17), new TileId(2, 0, 1));
        assertThat(tiles).hasSize(273 + 4);
    }

    @Test
    void a_tree_of_256_is_one_full_level_0_tile_and_a_level_1_tile_of_width_1() {
        assertThat(TreeTiles.of(256)).containsExactly(TileId.full(0, 0), new TileId(1, 0, 1));
        assertThat(TreeTiles.of(0)).isEmpty();
        assertThat(TreeTiles.of(1)).containsExactly(new TileId(0, 0, 1));
    }

    @Test
    void growing_writes_only_the_tiles_that_became_full_and_the_new_partials() {
        // 500 → 70,000: level-0 tiles 1..272 become full (tile 0 was full at 500), plus the partials of 70,000.
        List<TileId> grown = TreeTiles.grown(500, 70_000);
        assertThat(grown).doesNotContain(TileId.full(0, 0)).contains(TileId.full(0, 1), TileId.full(0, 272), new TileId(0, 273, 112),
                TileId.full(1, 0), new TileId(1, 1, 17), new TileId(2, 0, 1));
        assertThat(grown.stream().filter(t -> t.level() == 0 && t.isFull())).hasSize(272);
        assertThat(TreeTiles.grown(70_000, 70_000)).isEqualTo(TreeTiles.of(70_000).stream().filter(t -> !t.isFull()).toList());
        assertThatThrownBy(() -> TreeTiles.grown(10, 9)).hasMessageContaining("from 10 to 9");
    }
}
