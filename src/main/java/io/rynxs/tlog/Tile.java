package io.rynxs.tlog;

import io.rynxs.merkle.MerkleHasher;
import java.util.ArrayList;
import java.util.List;

/** The bytes of a hash tile: its hashes concatenated, 32 bytes each, 8,192 bytes when full. */
public final class Tile {
    private static final int HASH = MerkleHasher.HASH_LENGTH;

    private Tile() {
    }

    public static byte[] encode(TileId id, List<byte[]> hashes) {
        if (hashes.size() != id.width()) {
            throw new IllegalArgumentException("tile " + id.path() + ": " + hashes.size() + " hashes for a width of " + id.width());
        }
        byte[] out = new byte[hashes.size() * HASH];
        for (int i = 0; i < hashes.size(); i++) {
            byte[] h = hashes.get(i);
            if (h.length != HASH) {
                throw new IllegalArgumentException("tile " + id.path() + ": hash " + i + " has " + h.length + " bytes, not " + HASH);
            }
            System.arraycopy(h, 0, out, i * HASH, HASH);
        }
        return out;
    }

    /** The hashes of a tile fetched as {@code id}; throws {@link IllegalArgumentException} if its length is not the width's. */
    public static List<byte[]> decode(TileId id, byte[] bytes) {
        if (bytes.length != id.width() * HASH) {
            throw new IllegalArgumentException("tile " + id.path() + ": " + bytes.length + " bytes, expected " + id.width() * HASH
                    + " (" + id.width() + " hashes of " + HASH + ")");
        }
        List<byte[]> hashes = new ArrayList<>(id.width());
        for (int i = 0; i < id.width(); i++) {
            byte[] h = new byte[HASH];
            System.arraycopy(bytes, i * HASH, h, 0, HASH);
            hashes.add(h);
        }
        return hashes;
    }

    /** The Merkle Tree Hash of a full tile's 256 hashes: the hash it contributes to the tile one level up. */
    public static byte[] subtreeHash(List<byte[]> hashes) {
        if (hashes.size() != TileId.WIDTH) {
            throw new IllegalArgumentException("tile hash: " + hashes.size() + " hashes; only a full tile of " + TileId.WIDTH
                    + " is hashed upward (partial tiles never are)");
        }
        byte[][] row = hashes.toArray(new byte[0][]);
        for (int n = row.length; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) {
                row[i] = MerkleHasher.nodeHash(row[2 * i], row[2 * i + 1]);
            }
        }
        return row[0];
    }
}
