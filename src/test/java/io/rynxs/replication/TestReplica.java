package io.rynxs.replication;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.shipping.Follower;
import io.rynxs.shipping.FollowerMetrics;
import io.rynxs.shipping.Shipper;
import io.rynxs.shipping.ShippingLoop;
import io.rynxs.shipping.ShippingMetrics;
import io.rynxs.shipping.ShippingPolicy;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica as serve builds it, on a real SQLite file and a bucket it may share with others: the shipper seals every
 * 10 events, and neither loop runs a step of its own during a test (the test calls {@code step()}).
 */
final class TestReplica implements AutoCloseable {
    static final Ed25519Signer SIGNER = Ed25519Signer.fromSeed("rynxs.example/replica", new byte[32]);
    /** Long enough that no scheduled step comes during a test. */
    private static final Duration NOT_IN_A_TEST = Duration.ofHours(1);

    final EventStore store;
    final Shipper shipper;
    final ShippingLoop shipping;
    final FollowerLoop following;
    final Replica replica;
    final AtomicInteger conflicts = new AtomicInteger();
    final List<Long> lags = new CopyOnWriteArrayList<>();

    TestReplica(Path db, ObjectStore bucket) {
        this(db, bucket, false);
    }

    TestReplica(Path db, ObjectStore bucket, boolean forcedLeader) {
        SegmentLayout layout = new SegmentLayout("");
        store = EventStore.open(StoreOptions.of(db));
        StateHistory history = new StateHistory(store, new SnapshotPolicy(25));
        Checkpoints checkpoints = new Checkpoints(store, history, Clock.systemUTC());
        shipper = new Shipper(store, checkpoints, bucket, layout, SIGNER, new ShippingPolicy(10, Duration.ofDays(1)), Clock.systemUTC(),
                ShippingMetrics.NONE);
        shipping = new ShippingLoop(shipper, NOT_IN_A_TEST, NOT_IN_A_TEST);
        Follower follower = new Follower(store, history, checkpoints, bucket, layout, SIGNER.verifierKey(), Clock.systemUTC(),
                FollowerMetrics.NONE);
        following = new FollowerLoop(follower, NOT_IN_A_TEST, NOT_IN_A_TEST);
        replica = new Replica(store, bucket, shipping, following, new ReplicaMetrics() {
            @Override
            public void fencingConflict() {
                conflicts.incrementAndGet();
            }

            @Override
            public void followerLag(long events) {
                lags.add(events);
            }
        }, forcedLeader);
    }

    /** Appends {@code n} audit events at {@code epoch}, as the API does for a leader. */
    void append(int n, long epoch, String tag) {
        for (int i = 0; i < n; i++) {
            store.append(AppendRequest.of(new NewEvent("audit.Test", "t/" + tag, CanonicalJson.of(Map.of("i", i, "tag", tag)),
                    CanonicalJson.EMPTY), epoch));
        }
    }

    long shippedThrough() {
        return new SegmentLedger(store).shippedThrough();
    }

    @Override
    public void close() {
        replica.close();
        store.close();
    }
}
