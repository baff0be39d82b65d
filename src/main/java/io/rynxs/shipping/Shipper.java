package io.rynxs.shipping;

import io.rynxs.checkpoint.Signer;
import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.Sha256;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.PutResult;
import io.rynxs.segment.SegmentFile;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipping step (DESIGN §6): first finish every sealed-but-unshipped segment from the ledger, then
 * seal the tail when the policy says so and ship it. Per segment: object, manifest (the commit point),
 * checkpoint, then the ledger row turns shipped. An identical existing object counts as written; other
 * bytes under a key mean another writer, and shipping stops for good with a {@link ShippingConflictException}.
 * No retries here: the scheduler retries.
 */
public final class Shipper {
    private final EventStore store;
    private final Checkpoints checkpoints;
    private final SegmentLedger ledger;
    private final ObjectStore objects;
    private final SegmentLayout layout;
    private final Signer signer;
    private final ShippingPolicy policy;
    private final Clock clock;
    private final ShippingMetrics metrics;
    private volatile ShippingConflictException stopped;

    public Shipper(EventStore store, Checkpoints checkpoints, ObjectStore objects, SegmentLayout layout, Signer signer,
                   ShippingPolicy policy, Clock clock, ShippingMetrics metrics) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.ledger = new SegmentLedger(store);
        this.objects = objects;
        this.layout = layout;
        this.signer = signer;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** One step under the policy. */
    public synchronized ShipResult runOnce() {
        return runOnce(false);
    }

    /** One step; {@code force} seals whatever is pending regardless of the policy (shutdown, CLI {@code --force}). */
    public synchronized ShipResult runOnce(boolean force) {
        if (stopped != null) {
            throw stopped;
        }
        List<String> shipped = new ArrayList<>();
        try {
            for (SegmentRecord r : ledger.unshipped()) {
                ship(r);
                shipped.add(r.first() + "-" + r.last());
            }
            while (true) {
                long from = ledger.latest().map(r -> r.last() + 1).orElse(1L);
                long head = store.head().seq();
                long pending = head - from + 1;
                if (pending <= 0) {
                    break;
                }
                long to;
                if (pending >= policy.maxEvents()) {
                    to = from + policy.maxEvents() - 1;
                } else if (force || old(from)) {
                    to = head;
                } else {
                    break;
                }
                SegmentRecord r = seal(from, to);
                ship(r);
                shipped.add(r.first() + "-" + r.last());
            }
        } catch (ShippingConflictException e) {
            stopped = e;
            metrics.shipFailure("conflict");
            throw e;
        } catch (StoreException e) {
            metrics.shipFailure("store");
            throw e;
        } catch (RuntimeException e) {
            metrics.shipFailure("io");
            throw e;
        } finally {
            report();
        }
        return new ShipResult(shipped, ledger.shippedThrough(), store.head().seq());
    }

    /** Whether a conflict stopped this shipper. */
    public boolean isStopped() {
        return stopped != null;
    }

    private boolean old(long from) {
        Event first = store.event(from).orElseThrow();
        return Duration.between(EventTime.parse(first.time()), clock.instant()).compareTo(policy.maxAge()) >= 0;
    }

    /** Freezes the range into exact bytes in the ledger before anything is uploaded, so retries upload the same bytes. */
    private SegmentRecord seal(long from, long to) {
        List<Event> events = store.range(from, to);
        if (events.size() != to - from + 1) {
            throw new StoreException("seal segment " + from + ".." + to + ": read " + events.size() + " events (the log has a gap; run rynxs verify)");
        }
        String root = store.root(to).hex();
        checkpoints.createAt(to, signer);
        byte[] object = SegmentFile.encode(events);
        String previous = ledger.latest().map(SegmentRecord::manifestSha256).orElse(Sha256.ZERO_HEX);
        String sealedAt = EventTime.format(clock.instant());
        Manifest m = SegmentFile.manifest(signer.verifierKey().name(), events, root, object, previous, sealedAt);
        byte[] manifest = m.toBytes();
        SegmentRecord r = new SegmentRecord(from, to, layout.segmentKey(from, to), m.objectSha256(), object, Sha256.hex(manifest), manifest,
                false, sealedAt, null);
        ledger.sealed(r);
        return r;
    }

    private void ship(SegmentRecord r) {
        if (r.object() == null) {
            throw new StoreException("ship segment " + r.first() + ": the ledger row has no object bytes (report a bug)");
        }
        put(r.objectKey(), r.object());
        put(layout.manifestKey(r.first()), r.manifest());
        byte[] note = checkpoints.at(r.last()).orElseThrow(() -> new StoreException("ship segment " + r.first() + ": no checkpoint at "
                + r.last() + " (sealing signs one; report a bug)")).note().getBytes(StandardCharsets.UTF_8);
        put(layout.checkpointKey(r.last()), note);
        Instant now = clock.instant();
        ledger.shipped(r.first(), now);
        metrics.segmentShipped();
        metrics.lastShippedSeq(r.last());
    }

    private void put(String key, byte[] bytes) {
        PutResult result = objects.putIfAbsent(key, bytes, Sha256.hex(bytes));
        if (result == PutResult.CONFLICT) {
            throw new ShippingConflictException(key, "ship " + objects.describe() + "/" + key + ": the object exists with other bytes"
                    + " (another writer is shipping this log; shipping stopped — check for a second leader before restarting)");
        }
    }

    private void report() {
        try {
            long through = ledger.shippedThrough();
            metrics.unshippedEvents(store.head().seq() - through);
        } catch (RuntimeException e) {
            // Metrics are best effort; the step's own outcome was already decided.
        }
    }
}
