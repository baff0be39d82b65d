package io.rynxs.tlog;

/** The tlog-tiles path encoding of tile indexes, and the counting of tiles in a tree of a given size. */
public final class TilePath {

    private TilePath() {
    }

    /**
     * A tile index as zero-padded 3-digit path elements, all but the last prefixed with {@code x}: 1234067 is
     * {@code x001/x234/067}, 5 is {@code 005}.
     */
    public static String index(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("tile index " + n + " is negative");
        }
        String last = String.format("%03d", n % 1000);
        StringBuilder path = new StringBuilder();
        for (long rest = n / 1000; rest > 0; rest /= 1000) {
            path.insert(0, String.format("x%03d/", rest % 1000));
        }
        return path.append(last).toString();
    }

    /** {@code 256^level}, the leaves under one hash at tile level {@code level}, saturating at Long.MAX_VALUE. */
    static long leavesPerHash(int level) {
        return level >= 8 ? Long.MAX_VALUE : 1L << (8 * level);
    }

    /** The width of the partial tile at {@code level} in a tree of {@code size} leaves: {@code floor(size / 256^level) mod 256}. */
    public static int partialWidth(long size, int level) {
        long per = leavesPerHash(level);
        return per == Long.MAX_VALUE ? 0 : (int) ((size / per) % TileId.WIDTH);
    }

    /** The number of full tiles at {@code level} in a tree of {@code size} leaves. */
    public static long fullTiles(long size, int level) {
        long per = leavesPerHash(level + 1);
        return per == Long.MAX_VALUE ? 0 : size / per;
    }
}
