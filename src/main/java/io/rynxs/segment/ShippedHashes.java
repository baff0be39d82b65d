package io.rynxs.segment;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The event hashes of one shipped segment, read back from the store: each line decoded strictly and
 * hashed from its own bytes, and only lines whose hash field matches them counted (a reader that names the
 * first row of a local log that differs from what was shipped must not be fooled by a damaged object).
 */
public final class ShippedHashes {
    private ShippedHashes() {}

    /** The hashes of the segment whose manifest is {@code manifestKey}, in seq order, up to its first bad line; its first seq in {@code first[0]}. */
    public static List<String> of(ObjectStore store, SegmentLayout layout, String manifestKey, long[] first) {
        FetchedSegment f = FetchedSegment.fetch(store, layout, manifestKey);
        List<String> out = new ArrayList<>(f.lines.size());
        if (f.manifest == null) {
            return out;
        }
        first[0] = f.manifest.first();
        HexFormat hex = HexFormat.of();
        for (SegmentLine line : f.lines) {
            if (!line.hashMatches() || line.event().seq() != first[0] + out.size()) {
                break;
            }
            out.add(hex.formatHex(line.storedHash()));
        }
        return out;
    }
}
