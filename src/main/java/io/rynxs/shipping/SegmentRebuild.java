package io.rynxs.shipping;

import io.rynxs.segment.Gzip;
import io.rynxs.segment.SegmentLayout.SeqRange;
import io.rynxs.store.EventRow;
import io.rynxs.store.EventStore;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact object bytes of a segment that was shipped before, rebuilt from the rows: a shipped ledger row keeps its
 * manifest but drops its object, and a sink that lacks the segment (a new or switched sink, a deleted object) must get
 * the very bytes the manifest names. The lines are deterministic; the gzip stream depends on the implementation that
 * sealed it, which the manifest does not record, so each available one is tried and only bytes whose SHA-256 is the
 * sealed one are returned.
 */
final class SegmentRebuild {
    private SegmentRebuild() {}

    /** The object of {@code r}, rebuilt; {@code preferred} (the sealing setting of this process) is tried first. */
    static byte[] object(EventStore store, SegmentRecord r, Gzip preferred, String sink) {
        List<EventRow> rows = store.rows(r.first(), r.last());
        if (rows.size() != r.last() - r.first() + 1) {
            throw new StoreException("ship segment " + r.first() + "-" + r.last() + " to " + sink + ": the log holds " + rows.size()
                    + " of its events (run rynxs verify)");
        }
        Map<String, String> tried = new LinkedHashMap<>();
        for (Gzip gzip : candidates(preferred)) {
            SealedRange built = SealPipeline.encode(new SeqRange(r.first(), r.last()), rows, rows.get(0).prev(), gzip, null, () -> false);
            if (built.objectSha256().equals(r.objectSha256())) {
                return built.object();
            }
            tried.put(gzip.toString(), built.objectSha256());
        }
        throw new StoreException("ship segment " + r.first() + "-" + r.last() + " to " + sink + ": it was shipped to another sink"
                + " as an object (SHA-256 " + r.objectSha256() + ") that this build cannot rebuild byte for byte (" + tried
                + "): copy its segment, manifest and checkpoint objects from the sink it was first shipped to into " + sink
                + ", and shipping goes on after it");
    }

    private static List<Gzip> candidates(Gzip preferred) {
        List<Gzip> all = new ArrayList<>(List.of(preferred));
        if (SegmentGzips.whyNotLibdeflate() == null && !all.contains(Libdeflate.GZIP)) {
            all.add(Libdeflate.GZIP);
        }
        if (!all.contains(Gzip.ZLIB)) {
            all.add(Gzip.ZLIB);
        }
        return all;
    }
}
