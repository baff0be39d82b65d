package io.rynxs.tlog;

/**
 * One tile of a C2SP tlog-tiles log: {@code width} consecutive hashes at tile {@code level}, the tile
 * {@code index}-th in its level. Level 0 holds leaf hashes; a hash at level {@code l ≥ 1} is the Merkle Tree
 * Hash of a full tile at level {@code l - 1}, i.e. of a subtree of {@code 256^l} leaves. A width below
 * {@value #WIDTH} is a partial tile, which exists only at the right edge of a checkpointed tree.
 */
public record TileId(int level, long index, int width) {
    /** Hashes in a full tile. */
    public static final int WIDTH = 256;
    /** Levels a tile path may name (the spec's 0..63). */
    public static final int MAX_LEVEL = 63;

    public TileId {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("tile: level " + level + " is outside 0.." + MAX_LEVEL);
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile: index " + index + " is negative");
        }
        if (width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("tile: width " + width + " is outside 1.." + WIDTH);
        }
    }

    public static TileId full(int level, long index) {
        return new TileId(level, index, WIDTH);
    }

    public boolean isFull() {
        return width == WIDTH;
    }

    /** The path of this hash tile under the log's prefix: {@code tile/<L>/<N>[.p/<W>]}. */
    public String path() {
        return "tile/" + level + "/" + TilePath.index(index) + suffix();
    }

    /** The path of the entry bundle beside this level-0 tile: {@code tile/entries/<N>[.p/<W>]}. */
    public String entriesPath() {
        if (level != 0) {
            throw new IllegalStateException("tile " + path() + ": only level-0 tiles have an entry bundle (report a bug)");
        }
        return "tile/entries/" + TilePath.index(index) + suffix();
    }

    /** The first leaf this tile's hashes cover: {@code index · 256^(level+1)}. */
    public long firstLeaf() {
        return index * TilePath.leavesPerHash(level + 1);
    }

    /** The Merkle level (in the RFC 6962 tree) of this tile's hashes: 8 per tile level. */
    public int merkleLevel() {
        return 8 * level;
    }

    /** The index, in the Merkle tree at {@link #merkleLevel()}, of this tile's first hash. */
    public long firstNode() {
        return index * WIDTH;
    }

    private String suffix() {
        return isFull() ? "" : ".p/" + width;
    }
}
