package io.rynxs.shipping;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.decision.OperatorWorkload;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreObserver;
import io.rynxs.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A log on a real SQLite file with its history, checkpoints and a shipper factory. */
final class TestLog implements AutoCloseable {
    static final Ed25519Signer SIGNER = Ed25519Signer.fromSeed("rynxs.example/ship", new byte[32]);

    final EventStore store;
    final StateHistory history;
    final Checkpoints checkpoints;
    final SegmentLedger ledger;
    final List<String> failures = new ArrayList<>();
    final List<Long> shippedSeqs = new ArrayList<>();
    private final OperatorWorkload workload;

    TestLog(Path db, int agents) {
        this(db, agents, StoreObserver.NONE);
    }

    /** A log whose commits are also reported to {@code observer} (the metrics, as {@code serve} wires them). */
    TestLog(Path db, int agents, StoreObserver observer) {
        store = EventStore.open(StoreOptions.of(db), observer);
        history = new StateHistory(store, new SnapshotPolicy(25));
        checkpoints = new Checkpoints(store, history, Clock.systemUTC());
        ledger = new SegmentLedger(store);
        workload = new OperatorWorkload(agents);
    }

    void append(long n) {
        workload.append(store::appendAsync, n);
    }

    /** Appends exactly {@code n} external audit events (the workload above adds its own set-up events). */
    void appendAudit(long n) {
        List<CompletableFuture<Event>> pending = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            pending.add(store.appendAsync(new NewEvent("audit.ToolInvoked", "session/s" + (i % 7),
                    new CanonicalJson("{\"n\":" + i + "}"), new CanonicalJson("{}"))));
            if (pending.size() == 1000) {
                pending.forEach(CompletableFuture::join);
                pending.clear();
            }
        }
        pending.forEach(CompletableFuture::join);
    }

    Shipper shipper(ObjectStore objects, SegmentLayout layout, int maxEvents) {
        return shipper(objects, layout, new ShippingPolicy(maxEvents, Duration.ofDays(1)));
    }

    Shipper shipper(ObjectStore objects, SegmentLayout layout, ShippingPolicy policy) {
        return new Shipper(store, checkpoints, objects, layout, SIGNER, policy,
                Clock.systemUTC(), new ShippingMetrics() {
                    @Override
                    public void shipFailure(String reason) {
                        failures.add(reason);
                    }

                    @Override
                    public void lastShippedSeq(long seq) {
                        shippedSeqs.add(seq);
                    }
                });
    }

    @Override
    public void close() {
        store.close();
    }
}
