package io.rynxs.shipping;

import io.rynxs.checkpoint.Signer;
import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.Sha256;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentFile;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.segment.SegmentLayout.SeqRange;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipping step (docs/DESIGN.md, Segments and the sink): first write again every shipped segment this sink lacks (found by
 * listing it at the first step: a switched sink, deleted objects), then finish every sealed-but-unshipped segment from the ledger, then
 * seal the tail when the policy says so and ship it. Per segment: the checkpoint is signed and the ledger
 * row written with the exact bytes (sealed), then object, manifest (the commit point) and checkpoint are
 * uploaded, then the row turns shipped — strictly one segment after the other, while a {@link SealPipeline}
 * builds the next ones. An identical existing object counts as written; other bytes under a key mean
 * another writer, and shipping stops for good with a {@link ShippingConflictException}. No retries here:
 * the scheduler retries.
 */
public final class Shipper {
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

    private final EventStore store;
    private final Checkpoints checkpoints;
    private final SegmentLedger ledger;
    private final SegmentUploader uploader;
    private final SegmentLayout layout;
    private final Signer signer;
    private final ShippingPolicy policy;
    private final Clock clock;
    private final ShippingMetrics metrics;
    private final ObjectStore objects;
    private TilePublisher tiles;
    private CheckpointWitness witness = CheckpointWitness.NONE;
    /** The size of the checkpoint object this shipper last wrote; 0 before the first. */
    private long published;
    private volatile ShippingConflictException stopped;
    /** The state after the newest segment this shipper sealed: the next run folds on from it instead of replaying. */
    private SealedState folded;
    /**
     * Through which seq every segment of the ledger is in this shipper's sink; null until the first step lists the sink.
     * The ledger says what was shipped, not where: this is what ties it to the sink at hand.
     */
    private Long sinkThrough;
    /** After a failed step the sink is listed again: what failed may have been put right there meanwhile (objects copied in). */
    private boolean relist;

    public Shipper(EventStore store, Checkpoints checkpoints, ObjectStore objects, SegmentLayout layout, Signer signer,
                   ShippingPolicy policy, Clock clock, ShippingMetrics metrics) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.ledger = new SegmentLedger(store);
        this.uploader = new SegmentUploader(checkpoints, ledger, objects, layout, clock, metrics);
        this.layout = layout;
        this.signer = signer;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
        this.objects = objects;
        this.tiles = new TilePublisher(store, objects, layout);
        this.uploader.tiles(tiles);
    }

    /** Ships segments only, without the tiled log (the benchmark's baseline). */
    public Shipper withoutTiles() {
        this.tiles = null;
        this.uploader.tiles(null);
        return this;
    }

    /** Publishes the tiled log's checkpoint only once {@code witness} has had it cosigned (docs/operations.md, "Witnesses"). */
    public Shipper witnessedBy(CheckpointWitness witness) {
        this.witness = witness;
        return this;
    }

    /** A shipper without a signing key: it can only {@link #shipSealed ship what is sealed already}. */
    public static Shipper uploadOnly(EventStore store, Checkpoints checkpoints, ObjectStore objects, SegmentLayout layout, Clock clock,
                                     ShippingMetrics metrics) {
        return new Shipper(store, checkpoints, objects, layout, null, ShippingPolicy.DEFAULT, clock, metrics);
    }

    /** One step under the policy. */
    public synchronized ShipResult runOnce() {
        return runOnce(false);
    }

    /** One step; {@code force} seals whatever is pending regardless of the policy (shutdown, CLI {@code --force}). */
    public synchronized ShipResult runOnce(boolean force) {
        return step(true, force);
    }

    /**
     * Uploads the segments already sealed in the ledger (after a crash or an outage) and seals nothing new
     * ({@code rynxs segments ship}).
     */
    public synchronized ShipResult shipSealed() {
        return step(false, false);
    }

    private ShipResult step(boolean seal, boolean force) {
        if (stopped != null) {
            throw stopped;
        }
        if (seal && signer == null) {
            throw new IllegalStateException("seal: this shipper has no signing key and only ships sealed segments (report a bug)");
        }
        List<String> shipped = new ArrayList<>();
        List<String> backfilled = new ArrayList<>();
        try {
            for (SegmentRecord r : notInSink()) {
                uploader.reship(r, SegmentRebuild.object(store, r, policy.gzip(), sinkName()));
                sinkThrough = r.last();
                backfilled.add(r.first() + "-" + r.last());
            }
            for (SegmentRecord r : ledger.unshipped()) {
                uploader.ship(r);
                sinkThrough = r.last();
                shipped.add(r.first() + "-" + r.last());
            }
            List<SeqRange> plan = seal ? plan(force) : List.of();
            if (!plan.isEmpty()) {
                try (SealPipeline pipeline = new SealPipeline(store, stateBefore(plan.get(0).first()), plan, policy.gzip())) {
                    while (pipeline.hasNext()) {
                        SealedRange s = pipeline.next();
                        SegmentRecord r = record(s);
                        folded = s.state();
                        uploader.ship(r);
                        sinkThrough = r.last();
                        shipped.add(r.first() + "-" + r.last());
                    }
                }
            }
            publishCheckpoint();
        } catch (ShippingConflictException e) {
            stopped = e;
            metrics.shipFailure("conflict");
            throw e;
        } catch (StoreException e) {
            relist = true;
            metrics.shipFailure("store");
            throw e;
        } catch (RuntimeException e) {
            relist = true;
            metrics.shipFailure("io");
            throw e;
        } finally {
            report();
        }
        return new ShipResult(shipped, backfilled, sinkThrough, store.head().seq());
    }

    /**
     * The segments the ledger records as shipped that this sink does not hold, oldest first. At the first step the sink is
     * listed: its shipped prefix is the ledger's shipped rows up to the first whose segment, manifest or checkpoint object is
     * missing there. A database pointed at a new sink (file to S3, another bucket or prefix), or a sink that lost objects,
     * gets them again from the log, before anything new; otherwise the new sink would hold only the tail and never verify.
     */
    private List<SegmentRecord> notInSink() {
        List<SegmentRecord> recorded = ledger.shipped();
        if (sinkThrough == null || relist) {
            Set<String> keys = new HashSet<>(objects.list(layout.manifestsPrefix()));
            keys.addAll(objects.list(layout.segmentsPrefix()));
            keys.addAll(objects.list(layout.checkpointsPrefix()));
            long through = 0;
            for (SegmentRecord r : recorded) {
                if (!keys.contains(layout.segmentKey(r.first(), r.last())) || !keys.contains(layout.manifestKey(r.first()))
                        || !keys.contains(layout.checkpointKey(r.last()))) {
                    break;
                }
                through = r.last();
            }
            long recordedThrough = recorded.isEmpty() ? 0 : recorded.get(recorded.size() - 1).last();
            if (through < recordedThrough) {
                LOG.warn("{} holds this log's segments only through seq {}, but segments through {} were shipped (a new or switched"
                        + " sink, or objects deleted from it): shipping seqs {}..{} to it again from the log", sinkName(), through,
                        recordedThrough, through + 1, recordedThrough);
            }
            sinkThrough = through;
            relist = false;
        }
        long through = sinkThrough;
        return recorded.stream().filter(r -> r.last() > through).toList();
    }

    private String sinkName() {
        return objects.describe() + "/" + layout.prefix();
    }

    /**
     * Brings the tiled log to the newest shipped size (a sink shipped before tiles existed is filled in here, once)
     * and replaces its checkpoint object, with the witnesses' cosignatures when there are witnesses.
     */
    private void publishCheckpoint() {
        if (tiles == null) {
            return;
        }
        long size = sinkThrough;
        if (size == 0) {
            return;
        }
        tiles.tiles(size);
        if (size == published && !witness.pending()) {
            return;
        }
        byte[] note = checkpoints.at(size).orElseThrow(() -> new StoreException("publish checkpoint " + size
                + ": no stored checkpoint at the shipped size (sealing signs one; report a bug)")).note().getBytes(StandardCharsets.UTF_8);
        Optional<byte[]> cosigned = witness.cosign(size, note);
        if (cosigned.isPresent()) {
            tiles.checkpoint(cosigned.get());
            published = size;
        }
    }

    /** Whether a conflict stopped this shipper. */
    public boolean isStopped() {
        return stopped != null;
    }

    /** The ranges to seal now: every full segment after the newest ledger row, then the tail if it is old enough or forced. */
    private List<SeqRange> plan(boolean force) {
        long from = ledger.latest().map(r -> r.last() + 1).orElse(1L);
        long head = store.head().seq();
        List<SeqRange> plan = new ArrayList<>();
        while (head - from + 1 >= policy.maxEvents()) {
            plan.add(new SeqRange(from, from + policy.maxEvents() - 1));
            from += policy.maxEvents();
        }
        if (from <= head && (force || old(from))) {
            plan.add(new SeqRange(from, head));
        }
        return plan;
    }

    private SealedState stateBefore(long first) {
        SealedState cached = folded;
        // Only if it ends on this log's event first-1: a tail quarantined and replaced since (HA) must not be folded onto.
        if (cached != null && cached.seq() == first - 1 && first > 1
                && store.event(first - 1).map(e -> e.hash().equals(cached.head().hash())).orElse(false)) {
            return cached;
        }
        return SealedState.of(checkpoints.stateAt(first - 1));
    }

    private boolean old(long from) {
        Event first = store.event(from).orElseThrow();
        return Duration.between(EventTime.parse(first.time()), clock.instant()).compareTo(policy.maxAge()) >= 0;
    }

    /** Signs the checkpoint and freezes the segment's exact bytes in the ledger before anything is uploaded, so retries upload the same bytes. */
    private SegmentRecord record(SealedRange s) {
        // The checkpoint holds the root at s.last() (computed or, for one signed before, checked equal): the manifest's root.
        String root = checkpoints.createAt(s.last(), signer, s.state().head(), s.state().hash(), s.first(), s.hashes()).root();
        String previous = ledger.latest().map(SegmentRecord::manifestSha256).orElse(Sha256.ZERO_HEX);
        String sealedAt = EventTime.format(clock.instant());
        Manifest m = SegmentFile.manifest(signer.verifierKey().name(), s.first(), s.last(), s.prev(), s.head(), s.epoch(), root,
                s.object(), s.objectSha256(), previous, sealedAt);
        byte[] manifest = m.toBytes();
        SegmentRecord r = new SegmentRecord(s.first(), s.last(), layout.segmentKey(s.first(), s.last()), s.objectSha256(),
                s.object(), Sha256.hex(manifest), manifest, false, sealedAt, null);
        ledger.sealed(r);
        return r;
    }

    private void report() {
        try {
            // Until the sink was listed once, the ledger's word is the best there is (an outage from the start must still show).
            metrics.shippedThrough(sinkThrough != null ? sinkThrough : ledger.shippedThrough());
        } catch (RuntimeException e) {
            // Metrics are best effort; the step's own outcome was already decided.
        }
    }
}
