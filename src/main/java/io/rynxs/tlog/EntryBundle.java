package io.rynxs.tlog;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tlog-tiles entry bundle: the entries of one level-0 tile, each as a big-endian uint16 length followed by
 * that many bytes. A Rynxs entry is the 32-byte SHA-256 hash of an event, so its leaf hash is the RFC 6962
 * leaf hash of the tree Rynxs has always built (docs/FORMAT.md, "The standard transparency log").
 */
public final class EntryBundle {
    /** The largest entry the uint16 length can frame. */
    public static final int MAX_ENTRY = 0xFFFF;

    private EntryBundle() {
    }

    public static byte[] encode(List<byte[]> entries) {
        if (entries.isEmpty() || entries.size() > TileId.WIDTH) {
            throw new IllegalArgumentException("entry bundle: " + entries.size() + " entries, expected 1.." + TileId.WIDTH);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 34);
        for (byte[] e : entries) {
            if (e.length > MAX_ENTRY) {
                throw new IllegalArgumentException("entry bundle: an entry of " + e.length + " bytes, more than " + MAX_ENTRY);
            }
            out.write(e.length >>> 8);
            out.write(e.length & 0xFF);
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    /** The entries of {@code bundle}; throws {@link IllegalArgumentException} naming the offset where the framing breaks. */
    public static List<byte[]> decode(byte[] bundle) {
        List<byte[]> entries = new ArrayList<>();
        int at = 0;
        while (at < bundle.length) {
            if (bundle.length - at < 2) {
                throw new IllegalArgumentException("entry bundle: a length prefix cut short at byte " + at + " of " + bundle.length);
            }
            int length = ((bundle[at] & 0xFF) << 8) | (bundle[at + 1] & 0xFF);
            if (bundle.length - at - 2 < length) {
                throw new IllegalArgumentException("entry bundle: entry " + entries.size() + " declares " + length + " bytes at byte " + at
                        + " but only " + (bundle.length - at - 2) + " follow");
            }
            byte[] entry = new byte[length];
            System.arraycopy(bundle, at + 2, entry, 0, length);
            entries.add(entry);
            at += 2 + length;
            if (entries.size() > TileId.WIDTH) {
                throw new IllegalArgumentException("entry bundle: more than " + TileId.WIDTH + " entries");
            }
        }
        return entries;
    }
}
