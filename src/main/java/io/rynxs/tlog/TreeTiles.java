package io.rynxs.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * Which tiles a tree has. A tree of {@code size} leaves has, at each level, {@link TilePath#fullTiles full
 * tiles} and at most one partial tile; a tree of 70,000 has 273 full level-0 tiles, a level-0 tile of width
 * 112, one full level-1 tile, a level-1 tile of width 17 and a level-2 tile of width 1.
 */
public final class TreeTiles {

    private TreeTiles() {
    }

    /** Every tile of the tree of {@code size} leaves, level by level, full tiles first, then the partial one. */
    public static List<TileId> of(long size) {
        return grown(0, size);
    }

    /**
     * The tiles a log publishes when its published tree grows from {@code from} to {@code to} leaves: the full
     * tiles that became full in between (their last hash lies beyond {@code from}), and the partial tiles of
     * {@code to}. Full tiles of {@code from} and earlier already exist and never change.
     */
    public static List<TileId> grown(long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("tiles: cannot grow a tree from " + from + " to " + to + " leaves");
        }
        List<TileId> tiles = new ArrayList<>();
        for (int level = 0; level <= TileId.MAX_LEVEL; level++) {
            long full = TilePath.fullTiles(to, level);
            int partial = TilePath.partialWidth(to, level);
            if (full == 0 && partial == 0) {
                break;
            }
            for (long n = TilePath.fullTiles(from, level); n < full; n++) {
                tiles.add(TileId.full(level, n));
            }
            if (partial > 0) {
                tiles.add(new TileId(level, full, partial));
            }
        }
        return tiles;
    }
}
