package io.rynxs.shipping;

import io.rynxs.event.Sha256;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.PutResult;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Uploads one sealed ledger row (docs/DESIGN.md, Segments and the sink): the segment object, then its manifest (the commit point), then
 * the checkpoint at its last seq, then the tiles of the tiled log up to it; only then does the row turn shipped. Each object goes with the SHA-256
 * recorded at sealing, so bytes damaged in the ledger are refused by the store rather than shipped.
 * Needs no signing key: the checkpoint was signed when the segment was sealed.
 */
final class SegmentUploader {
    private final Checkpoints checkpoints;
    private final SegmentLedger ledger;
    private final ObjectStore objects;
    private final SegmentLayout layout;
    private final Clock clock;
    private final ShippingMetrics metrics;
    /** The tiled log beside the segments, or null when it is not written. */
    private TilePublisher tiles;

    SegmentUploader(Checkpoints checkpoints, SegmentLedger ledger, ObjectStore objects, SegmentLayout layout, Clock clock,
                    ShippingMetrics metrics) {
        this.checkpoints = checkpoints;
        this.ledger = ledger;
        this.objects = objects;
        this.layout = layout;
        this.clock = clock;
        this.metrics = metrics;
    }

    void ship(SegmentRecord r) {
        if (r.object() == null) {
            throw new StoreException("ship segment " + r.first() + ": the ledger row has no object bytes (report a bug)");
        }
        upload(r, r.object());
        ledger.shipped(r.first(), clock.instant());
        metrics.segmentShipped();
        metrics.lastShippedSeq(r.last());
    }

    /**
     * Writes a segment the ledger already records as shipped into a sink that lacks it ({@link Shipper}: a new or switched
     * sink, or objects deleted), with its object rebuilt from the rows; the row stays as it is.
     */
    void reship(SegmentRecord r, byte[] object) {
        upload(r, object);
        metrics.segmentShipped();
        metrics.lastShippedSeq(r.last());
    }

    private void upload(SegmentRecord r, byte[] object) {
        byte[] note = checkpoints.at(r.last()).orElseThrow(() -> new StoreException("ship segment " + r.first() + ": no checkpoint at "
                + r.last() + " (sealing signs one; report a bug)")).note().getBytes(StandardCharsets.UTF_8);
        put(layout.segmentKey(r.first(), r.last()), object, r.objectSha256());
        put(layout.manifestKey(r.first()), r.manifest(), r.manifestSha256());
        put(layout.checkpointKey(r.last()), note, Sha256.hex(note));
        if (tiles != null) {
            // Before the row turns shipped: a crash in between rewrites the same tiles (identical objects count as written).
            tiles.tiles(r.last());
        }
    }

    void tiles(TilePublisher publisher) {
        this.tiles = publisher;
    }

    private void put(String key, byte[] bytes, String sha256) {
        PutResult result = objects.putIfAbsent(key, bytes, sha256);
        if (result == PutResult.CONFLICT) {
            throw new ShippingConflictException(key, "ship " + objects.describe() + "/" + key + ": the object exists with other bytes"
                    + " (another writer is shipping this log; shipping stopped — check for a second leader before restarting)");
        }
    }
}
