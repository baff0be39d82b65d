package io.rynxs.tlog;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.merkle.CompactRange;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.segment.ObjectStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a tiled log in a sink with nothing but its objects and the log's verifier key ({@code rynxs tiles
 * verify}): the {@code checkpoint} object's signature, then every hash tile and entry bundle its tree size
 * needs, level by level. Each entry must hash to its level-0 tile hash, each hash at level {@code l ≥ 1} must be
 * the hash of the full tile below it, and the tree built from the level-0 hashes must have the checkpoint's
 * root. The first failure names the object.
 */
public final class TileVerifier {

    /** What failed. */
    public enum Code { OK, MISSING_OBJECT, CHECKPOINT_INVALID, TILE_MALFORMED, BUNDLE_MALFORMED, ENTRY_MISMATCH, TILE_MISMATCH, ROOT_MISMATCH }

    /** The verdict: {@code object} is the key of the object at fault (null when ok). */
    public record Report(boolean ok, Code code, String object, String reason, long treeSize, long tiles, long bundles) {}

    private final ObjectStore store;
    private final String prefix;
    private final NoteVerifier key;
    private long tiles;
    private long bundles;
    private byte[] checkpointRoot;

    /** @param prefix the log's prefix inside the store, empty or ending in '/' */
    public TileVerifier(ObjectStore store, String prefix, NoteVerifier key) {
        this.store = store;
        this.prefix = prefix;
        this.key = key;
    }

    public Report verify() {
        String checkpointKey = prefix + "checkpoint";
        Optional<byte[]> note = store.get(checkpointKey);
        if (note.isEmpty()) {
            return fail(Code.MISSING_OBJECT, checkpointKey, "no checkpoint (nothing was published under " + store.describe() + "/" + prefix
                    + ", or the prefix is wrong)", -1);
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.open(note.get(), key);
        } catch (CheckpointException e) {
            return fail(Code.CHECKPOINT_INVALID, checkpointKey, e.getMessage(), -1);
        }
        long size = checkpoint.treeSize();
        checkpointRoot = checkpoint.root();
        try {
            CompactRange tree = CompactRange.empty();
            List<byte[]> above = levelZero(size, tree);
            for (int level = 1; !above.isEmpty(); level++) {
                above = level(level, size, above);
            }
            if (!Arrays.equals(tree.root().bytes(), checkpoint.root())) {
                return fail(Code.ROOT_MISMATCH, checkpointKey, "the tree of the " + size + " entries in the tiles has root "
                        + tree.root().hex() + ", not the checkpoint's", size);
            }
        } catch (Failure f) {
            return fail(f.code, f.object, f.getMessage(), size);
        }
        return new Report(true, Code.OK, null, "the " + size + " entries, " + tiles + " tiles and " + bundles + " entry bundles agree with "
                + "the checkpoint", size, tiles, bundles);
    }

    /** Checks every level-0 tile against its entry bundle, feeds the leaves to {@code tree}, returns the hashes of its full tiles. */
    private List<byte[]> levelZero(long size, CompactRange tree) {
        List<byte[]> up = new ArrayList<>();
        for (TileId id : tilesAt(0, size)) {
            List<byte[]> hashes = tile(id);
            String bundleKey = prefix + id.entriesPath();
            byte[] bundle = fetch(bundleKey);
            List<byte[]> entries;
            try {
                entries = EntryBundle.decode(bundle);
            } catch (IllegalArgumentException e) {
                throw new Failure(Code.BUNDLE_MALFORMED, bundleKey, e.getMessage());
            }
            bundles++;
            if (entries.size() != id.width()) {
                throw new Failure(Code.BUNDLE_MALFORMED, bundleKey, entries.size() + " entries where the tile has " + id.width());
            }
            for (int i = 0; i < entries.size(); i++) {
                if (!Arrays.equals(MerkleHasher.leafHash(entries.get(i)), hashes.get(i))) {
                    throw mismatch(id, i, hashes, bundleKey, tree, size);
                }
            }
            for (byte[] leaf : hashes) {
                tree.append(leaf);
            }
            if (id.isFull()) {
                up.add(Tile.subtreeHash(hashes));
            }
        }
        return up;
    }

    /**
     * Entry {@code i} of a bundle disagrees with its tile: which one was altered? The tile is right if it agrees with
     * what is above it — the level-1 tile's hash for a full tile, the checkpoint's root for the partial one.
     */
    private Failure mismatch(TileId id, int i, List<byte[]> hashes, String bundleKey, CompactRange before, long size) {
        String seq = "entry " + i + " (seq " + (id.firstLeaf() + i + 1) + ")";
        boolean tileAgrees;
        if (id.isFull()) {
            long n = id.index();
            TileId up = n / TileId.WIDTH < TilePath.fullTiles(size, 1) ? TileId.full(1, n / TileId.WIDTH)
                    : new TileId(1, n / TileId.WIDTH, TilePath.partialWidth(size, 1));
            List<byte[]> above = store.get(prefix + up.path()).filter(b -> b.length == up.width() * 32).map(b -> Tile.decode(up, b)).orElse(null);
            tileAgrees = above != null && Arrays.equals(above.get((int) (n % TileId.WIDTH)), Tile.subtreeHash(hashes));
        } else {
            CompactRange tree = before.copy();
            hashes.forEach(tree::append);
            tileAgrees = Arrays.equals(tree.root().bytes(), checkpointRoot);
        }
        return tileAgrees
                ? new Failure(Code.ENTRY_MISMATCH, bundleKey, seq + " does not hash to hash " + i + " of " + prefix + id.path()
                        + ", which agrees with the tree above it: the bundle was altered")
                : new Failure(Code.TILE_MISMATCH, prefix + id.path(), "hash " + i + " is not the leaf hash of " + seq + " in "
                        + bundleKey + ", and the tile disagrees with the tree above it: the tile was altered");
    }

    /** Checks the tiles at {@code level} against {@code below} (the hashes of the full tiles one level down); returns theirs. */
    private List<byte[]> level(int level, long size, List<byte[]> below) {
        List<byte[]> up = new ArrayList<>();
        int at = 0;
        for (TileId id : tilesAt(level, size)) {
            List<byte[]> hashes = tile(id);
            for (int i = 0; i < hashes.size(); i++, at++) {
                if (at >= below.size() || !Arrays.equals(hashes.get(i), below.get(at))) {
                    throw new Failure(Code.TILE_MISMATCH, prefix + id.path(), "hash " + i + " is not the hash of the full tile below it");
                }
            }
            if (id.isFull()) {
                up.add(Tile.subtreeHash(hashes));
            }
        }
        if (at != below.size()) {
            throw new Failure(Code.TILE_MISMATCH, prefix + "tile/" + level, below.size() + " full tiles at level " + (level - 1)
                    + " but " + at + " hashes at level " + level + " (report a bug)");
        }
        return up;
    }

    private static List<TileId> tilesAt(int level, long size) {
        List<TileId> ids = new ArrayList<>();
        long full = TilePath.fullTiles(size, level);
        for (long n = 0; n < full; n++) {
            ids.add(TileId.full(level, n));
        }
        int partial = TilePath.partialWidth(size, level);
        if (partial > 0) {
            ids.add(new TileId(level, full, partial));
        }
        return ids;
    }

    private List<byte[]> tile(TileId id) {
        String k = prefix + id.path();
        byte[] bytes = fetch(k);
        tiles++;
        try {
            return Tile.decode(id, bytes);
        } catch (IllegalArgumentException e) {
            throw new Failure(Code.TILE_MALFORMED, k, e.getMessage());
        }
    }

    private byte[] fetch(String k) {
        return store.get(k).orElseThrow(() -> new Failure(Code.MISSING_OBJECT, k, "missing (the checkpoint's tree size needs it)"));
    }

    private Report fail(Code code, String object, String reason, long size) {
        return new Report(false, code, object, reason, size, tiles, bundles);
    }

    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Code code;
        private final String object;

        Failure(Code code, String object, String message) {
            super(message, null, false, false);
            this.code = code;
            this.object = object;
        }
    }
}
