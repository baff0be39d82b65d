package io.rynxs.shipping;

import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.Sha256;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.Head;
import io.rynxs.store.Quarantine;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower's step (docs/DESIGN.md, High availability): applies the segments the bucket holds after this replica's last shipped
 * (or imported) segment, each verified by {@link SegmentVerifier} carried on from the local chain, Merkle
 * tree and manifest chain, then appended with {@code appendVerified}, its checkpoint adopted and its
 * ledger row recorded as shipped.
 *
 * <p>When the local log goes beyond that point (a deposed leader's unshipped tail) and the bucket continues
 * the chain there with other bytes, the local tail has diverged: it is moved into the quarantine
 * ({@link Quarantine#moveAfter}) before the bucket's segment is applied. A manifest identical to one this
 * replica sealed itself (shipped, but the ledger did not hear it before a crash) is just marked shipped.
 * Local events with nothing after them in the bucket are left alone: they may still ship.
 */
public final class Follower {
    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);

    private final EventStore store;
    private final StateHistory history;
    private final Checkpoints checkpoints;
    private final SegmentLedger ledger;
    private final Quarantine quarantine;
    private final ObjectStore objects;
    private final SegmentLayout layout;
    private final NoteVerifier key;
    private final Clock clock;
    private final FollowerMetrics metrics;
    private volatile String quarantineKind = Quarantine.Kind.DIVERGED.word();
    private volatile String quarantineWhy = "";

    public Follower(EventStore store, StateHistory history, Checkpoints checkpoints, ObjectStore objects, SegmentLayout layout,
                    NoteVerifier key, Clock clock, FollowerMetrics metrics) {
        this.store = store;
        this.history = history;
        this.checkpoints = checkpoints;
        this.ledger = new SegmentLedger(store);
        this.quarantine = new Quarantine(store);
        this.objects = objects;
        this.layout = layout;
        this.key = key;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The next quarantine (if any) is recorded as a fencing conflict with this explanation: the shipper lost
     * a write-once race and this replica stepped down.
     */
    public void nextQuarantineIsConflict(String why) {
        quarantineKind = Quarantine.Kind.FENCING_CONFLICT.word();
        quarantineWhy = why;
    }

    /** One pass: applies every verified segment after the local shipped point. */
    public synchronized FollowResult runOnce() {
        long shippedThrough = ledger.shippedThrough();
        Optional<SegmentRecord> lastShipped = ledger.all().stream().filter(SegmentRecord::shipped).reduce((a, b) -> b);
        SegmentVerifier.Start start = start(shippedThrough, lastShipped);
        @SuppressWarnings("unchecked")
        Optional<Quarantine.Batch>[] moved = new Optional[] {Optional.empty()};
        long[] applied = {0};
        int[] segments = {0};
        long[] through = {shippedThrough};
        SegmentReport report = new SegmentVerifier(objects, layout, key).verifyFrom(start, 0, (m, events, note) -> {
            if (ownSealed(m)) {
                ledger.shipped(m.first(), clock.instant());
                through[0] = m.last();
                return;
            }
            Head head = store.head();
            if (head.seq() > through[0]) {
                moved[0] = quarantineAfter(through[0], head, m);
            }
            store.appendVerified(events);
            history.runOnce();
            checkpoints.adopt(note, key);
            ledger.imported(record(m));
            applied[0] += events.size();
            segments[0]++;
            through[0] = m.last();
        });
        report.failure().ifPresent(f -> {
            throw new StoreException("follow " + objects.describe() + ": " + f + " (applied " + segments[0]
                    + " segments before it; the bucket does not verify after seq " + through[0] + ": inspect it with rynxs segments verify)");
        });
        long head = store.head().seq();
        long bucketHead = Math.max(report.headSeq(), shippedThrough);
        metrics.followerLag(Math.max(0, bucketHead - head));
        metrics.followerLastApplied(through[0]);
        if (moved[0].isPresent()) {
            metrics.quarantined(quarantine.count());
        }
        return new FollowResult(segments[0], applied[0], bucketHead, head, moved[0]);
    }

    private SegmentVerifier.Start start(long shippedThrough, Optional<SegmentRecord> lastShipped) {
        if (shippedThrough == 0) {
            return SegmentVerifier.Start.genesis();
        }
        Event at = store.event(shippedThrough).orElseThrow(() -> new StoreException("follow: the ledger says seq " + shippedThrough
                + " is shipped but the log does not hold it (report a bug)"));
        String manifestSha = lastShipped.map(SegmentRecord::manifestSha256).orElse(Sha256.ZERO_HEX);
        return new SegmentVerifier.Start(shippedThrough + 1, at.hash(), at.epoch(), store.compactRange(shippedThrough),
                manifestSha);
    }

    private boolean ownSealed(Manifest m) {
        return ledger.all().stream().anyMatch(r -> r.first() == m.first() && !r.shipped() && Arrays.equals(r.manifest(), m.toBytes()));
    }

    private Optional<Quarantine.Batch> quarantineAfter(long afterSeq, Head head, Manifest m) {
        String kind = quarantineKind;
        String reason = "the bucket continues the chain after seq " + afterSeq + " with segment " + m.first() + ".." + m.last()
                + " at epoch " + m.epoch() + " (sealed " + m.sealedAt() + "); local events " + (afterSeq + 1) + ".." + head.seq()
                + " (epoch " + head.epoch() + ") were never shipped" + (quarantineWhy.isEmpty() ? "" : "; " + quarantineWhy);
        Quarantine.Kind k = kind.equals(Quarantine.Kind.FENCING_CONFLICT.word()) ? Quarantine.Kind.FENCING_CONFLICT : Quarantine.Kind.DIVERGED;
        Optional<Quarantine.Batch> b = quarantine.moveAfter(afterSeq, k, reason, clock.instant());
        b.ifPresent(x -> LOG.warn("quarantined {} events ({}..{}) as batch {}: {}", x.count(), x.firstSeq(), x.lastSeq(), x.batch(), reason));
        quarantineKind = Quarantine.Kind.DIVERGED.word();
        quarantineWhy = "";
        return b;
    }

    private SegmentRecord record(Manifest m) {
        return new SegmentRecord(m.first(), m.last(), layout.segmentKey(m.first(), m.last()), m.objectSha256(), null, m.sha256(), m.toBytes(),
                true, m.sealedAt(), EventTime.format(clock.instant()));
    }

    /** Runs {@link #runOnce} until a pass applies nothing (a new leader catching up before it writes). */
    public FollowResult catchUp() {
        FollowResult last = runOnce();
        int total = last.segments();
        long events = last.events();
        Optional<Quarantine.Batch> q = last.quarantined();
        while (last.segments() > 0) {
            last = runOnce();
            total += last.segments();
            events += last.events();
            if (last.quarantined().isPresent()) {
                q = last.quarantined();
            }
        }
        return new FollowResult(total, events, last.bucketHead(), last.head(), q);
    }
}
