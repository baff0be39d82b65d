package io.rynxs.replication;

import io.rynxs.segment.ObjectStore;
import io.rynxs.shipping.FollowResult;
import io.rynxs.shipping.ShippingConflictException;
import io.rynxs.shipping.ShippingLoop;
import io.rynxs.store.Commitment;
import io.rynxs.store.EventStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's part in the replicated log (docs/DESIGN.md, High availability): its {@link Role}, whether
 * appends are taken now and at which epoch, and the loop that goes with the role, the {@link ShippingLoop}
 * while it writes and the {@link FollowerLoop} while it follows. It starts {@link Role#STARTING}; the operator's
 * election tells it {@link #catchUp} then {@link #lead}, or {@link #follow} (without a cluster the CLI tells it
 * {@link #writeAlone}); a write-once conflict in the bucket makes it {@link #stepDown} for good.
 *
 * <p>Transitions run on the caller's thread and return once the loops have started or stopped. They never call
 * back into the election while holding this replica's lock: the election calls them under its own.
 */
public final class Replica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    /** One value, so that a reader (an API thread) sees a role with its own epoch and reason. */
    private record State(Role role, long epoch, String steppedDown) {}

    private final EventStore store;
    private final ObjectStore bucket;
    private final ShippingLoop shipping;
    private final FollowerLoop following;
    private final ReplicaMetrics metrics;
    private final boolean forcedLeader;
    private volatile State state = new State(Role.STARTING, 0, null);
    private volatile boolean closed;
    private Consumer<String> election = why -> {};

    /**
     * @param bucket       the sink the loops ship to and follow, named on {@code /readyz} and in the log
     * @param forcedLeader leads without the Lease ({@code RYNXS_TEST_FORCE_LEADER}, a test of split brain), said on {@code /readyz}
     */
    public Replica(EventStore store, ObjectStore bucket, ShippingLoop shipping, FollowerLoop following, ReplicaMetrics metrics,
                   boolean forcedLeader) {
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.shipping = Objects.requireNonNull(shipping, "shipping");
        this.following = Objects.requireNonNull(following, "following");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.forcedLeader = forcedLeader;
        shipping.onConflict(this::handOff);
    }

    /**
     * The sink's commitments a database must hold before it takes a write (docs/design/integrity.md): all of them for
     * the only writer; with leader election only those up to what this replica shipped itself, because it may lag the
     * bucket or hold a tail a newer leader replaced (following quarantines that).
     */
    public static List<Commitment> requiredAtStart(List<Commitment> sink, long shippedThrough, boolean replicated) {
        return replicated ? sink.stream().filter(c -> c.size() <= shippedThrough).toList() : sink;
    }

    public Role role() {
        return state.role();
    }

    /** The epoch appends carry: the one this replica leads at (0 for the only writer, and until it first leads). */
    public long epoch() {
        return state.epoch();
    }

    /** Whether the API may append now: the only writer, or the leader. */
    public boolean acceptsAppends() {
        return !closed && state.role().writes();
    }

    /** No cluster, so no operator loop and no election: this process is the only writer from now on, at epoch 0, and ships. */
    public synchronized void writeAlone() {
        if (closed) {
            return;
        }
        if (state.role() != Role.STARTING) {
            throw new IllegalStateException("write alone: this replica is " + state.role() + ", told its role already (report a bug)");
        }
        state = new State(Role.ONLY_WRITER, 0, null);
        shipping.start();
    }

    /**
     * Before leading: stops following and applies every segment the bucket holds after this replica's shipped point,
     * quarantining a diverged tail. Throws when the bucket cannot be read or does not verify; the replica must not
     * lead then. Runs outside this replica's lock: a long catch-up must not hold up {@code /readyz}.
     */
    public FollowResult catchUp() {
        synchronized (this) {
            Role r = state.role();
            if (closed || r == Role.ONLY_WRITER || r == Role.STEPPED_DOWN) {
                throw new IllegalStateException("catch up: this replica is " + (closed ? "closed" : r)
                        + " and does not lead (report a bug)");
            }
        }
        FollowResult r = following.catchUp();
        LOG.info("caught up from {} before leading: applied {} segments ({} events), head seq {}{}", bucket.describe(), r.segments(),
                r.events(), r.head(), r.quarantined().map(b -> ", quarantined " + b.count() + " unshipped events").orElse(""));
        return r;
    }

    /** Appends are taken at {@code epoch} from now on and the log is shipped; following stops. A stepped-down replica stays down. */
    public synchronized void lead(long epoch) {
        if (closed) {
            return;
        }
        if (state.role() == Role.STEPPED_DOWN) {
            LOG.warn("not leading at epoch {}: this replica stepped down after a fencing conflict ({})", epoch, state.steppedDown());
            return;
        }
        refuseTheOnlyWriter("lead");
        following.stop();
        metrics.followerLag(0);
        state = new State(Role.LEADER, epoch, null);
        shipping.start();
    }

    /** Another replica leads: shipping stops, appends are refused and the bucket is followed. A stepped-down replica stays down. */
    public synchronized void follow() {
        if (closed) {
            return;
        }
        Role r = state.role();
        if (r != Role.STEPPED_DOWN) {
            refuseTheOnlyWriter("follow");
            state = new State(Role.FOLLOWER, state.epoch(), null);
        }
        shipping.stop(false);
        following.start();
    }

    /**
     * After a fencing conflict (another process leads and ships this log): appends are refused until the process
     * restarts, shipping stops, the bucket is followed and the next quarantine, this replica's unshipped tail, is
     * recorded as a fencing conflict. Then the election is told (it releases the Lease and stops campaigning).
     */
    public void stepDown(String why) {
        Consumer<String> tell;
        synchronized (this) {
            if (closed || state.role() == Role.STEPPED_DOWN) {
                return;
            }
            state = new State(Role.STEPPED_DOWN, state.epoch(), why);
            metrics.fencingConflict();
            LOG.error("fencing conflict: {}; this replica stops writing, steps down and follows the bucket; its unshipped events"
                    + " will be quarantined", why);
            following.nextQuarantineIsConflict("fencing conflict: " + why);
            shipping.stop(false);
            following.start();
            tell = election;
        }
        tell.accept(why);
    }

    /** Who to tell when this replica steps down (the election); told at once if it has already. */
    public void whenSteppedDown(Consumer<String> election) {
        String why;
        synchronized (this) {
            this.election = Objects.requireNonNull(election, "election");
            why = state.steppedDown();
        }
        if (why != null) {
            election.accept(why);
        }
    }

    /** For {@code /readyz}: the role, and for a follower how far it holds the bucket. */
    public ReplicaReadiness readiness() {
        State s = state;
        return switch (s.role()) {
            case STARTING -> ReplicaReadiness.notReady("starting");
            case ONLY_WRITER -> ReplicaReadiness.ready("leader (no operator loop: this process is the only writer)");
            case LEADER -> ReplicaReadiness.ready("role leader, epoch " + s.epoch()
                    + (forcedLeader ? " (forced without the Lease: test only)" : ""));
            case FOLLOWER -> ReplicaReadiness.ready("role follower, " + followingDetail());
            case STEPPED_DOWN -> ReplicaReadiness.ready("role follower, " + followingDetail()
                    + "; stepped down after a fencing conflict: " + s.steppedDown());
        };
    }

    private String followingDetail() {
        long head = store.head().seq();
        String base = "following " + bucket.describe() + following.last()
                .map(r -> ", holds seq " + head + ", bucket at " + r.bucketHead() + ", lag " + r.lag() + " events")
                .orElse(", head seq " + head);
        String error = following.lastError();
        return error == null ? base : base + "; last poll failed: " + error;
    }

    /** Called on the shipping loop's thread, which stepping down stops and waits for: so it steps down on a thread of its own. */
    private void handOff(ShippingConflictException e) {
        String why = "write-once key " + e.key() + " already holds other bytes (another process leads and ships this log)";
        Thread t = new Thread(() -> stepDown(why), "rynxs-fencing-conflict");
        t.setDaemon(true);
        t.start();
    }

    /** Nothing elects the only writer or makes it follow: there is no election without a cluster. */
    private void refuseTheOnlyWriter(String transition) {
        if (state.role() == Role.ONLY_WRITER) {
            throw new IllegalStateException(transition + ": this process is the only writer, with no election (report a bug)");
        }
    }

    /** A leader or the only writer seals and ships what is pending, the tail too; a follower stops. Later transitions do nothing. */
    @Override
    public void close() {
        boolean flush;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            flush = state.role().writes();
        }
        following.close();
        shipping.stop(flush);
    }
}
