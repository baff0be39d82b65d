package io.rynxs.shipping;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.decision.OperatorWorkload;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        store = EventStore.open(StoreOptions.of(db));
        history = new StateHistory(store, new SnapshotPolicy(25));
        checkpoints = new Checkpoints(store, history, Clock.systemUTC());
        ledger = new SegmentLedger(store);
        workload = new OperatorWorkload(agents);
    }

    void append(long n) {
        workload.append(store::appendAsync, n);
    }

    Shipper shipper(ObjectStore objects, SegmentLayout layout, int maxEvents) {
        return new Shipper(store, checkpoints, objects, layout, SIGNER, new ShippingPolicy(maxEvents, Duration.ofDays(1)),
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
