package io.rynxs.cli;

import io.rynxs.checkpoint.Signer;
import io.rynxs.checkpoint.VerifierKey;
import io.rynxs.config.ConfigException;
import io.rynxs.config.RynxsConfig;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.operator.OperatorRuntime;
import io.rynxs.segment.Gzip;
import io.rynxs.segment.SegmentReport;
import io.rynxs.shipping.FollowResult;
import io.rynxs.shipping.Follower;
import io.rynxs.shipping.Restore;
import io.rynxs.shipping.SegmentGzips;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.Shipper;
import io.rynxs.shipping.ShippingConflictException;
import io.rynxs.shipping.ShippingLoop;
import io.rynxs.shipping.ShippingPolicy;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.BulkLoad;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.Quarantine;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment sink of {@code rynxs serve} (DESIGN §6, §8): restores an empty database from it before the store opens;
 * then, as the only writer or the leader, seals and ships the log to it in the background, and as a
 * follower applies what the leader shipped ({@link Follower}). It is the operator's {@link OperatorRuntime.Hooks}:
 * a new leader catches up from the bucket before its {@code LeaderElected} event. On stop, a leader seals
 * and ships the tail.
 */
final class SinkSetup implements AutoCloseable, OperatorRuntime.Hooks {
    private static final Logger LOG = LoggerFactory.getLogger(SinkSetup.class);

    private final SegmentLocation location;
    private final ShippingLoop loop;
    private final Follower follower;
    private final Duration pollInterval;
    private final RynxsMetrics metrics;
    private final EventStore store;
    private final ScheduledExecutorService followThread;
    private ScheduledFuture<?> following;
    private volatile boolean shipping;
    private volatile FollowResult lastFollow;
    private volatile String lastFollowError;

    private SinkSetup(SegmentLocation location, ShippingLoop loop, Follower follower, Duration pollInterval, RynxsMetrics metrics,
                      EventStore store) {
        this.location = location;
        this.loop = loop;
        this.follower = follower;
        this.pollInterval = pollInterval;
        this.metrics = metrics;
        this.store = store;
        this.followThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rynxs-follower");
            t.setDaemon(true);
            return t;
        });
    }

    /** The setting's gzip; {@code libdeflate} on a machine without it is refused at start, naming the setting. */
    private static Gzip gzip(RynxsConfig config) {
        try {
            return SegmentGzips.choose(config.segmentsGzip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("RYNXS_SEGMENTS_GZIP", config.segmentsGzip(), e.getMessage());
        }
    }

    /**
     * With {@code replicated} false this process is the only writer and ships at once; with it true nothing
     * runs until the operator says {@link #leading} or {@link #following}.
     */
    static SinkSetup start(RynxsConfig config, EventStore store, StateHistory history, Checkpoints checkpoints, Signer signer,
                           RynxsMetrics metrics, boolean replicated) {
        SegmentLocation location = SegmentLocation.open(config.segmentsSink(), config.s3());
        try {
            ShippingPolicy policy = new ShippingPolicy(config.segmentsMaxEvents(), config.segmentsMaxAge(), gzip(config));
            Shipper shipper = new Shipper(store, checkpoints, location.store(), location.layout(), signer, policy, Clock.systemUTC(), metrics);
            Duration interval = config.segmentsMaxAge().compareTo(Duration.ofSeconds(5)) < 0 ? config.segmentsMaxAge() : Duration.ofSeconds(5);
            ShippingLoop loop = new ShippingLoop(shipper, interval, Duration.ofMinutes(2));
            Follower follower = new Follower(store, history, checkpoints, location.store(), location.layout(), signer.verifierKey(),
                    Clock.systemUTC(), metrics);
            SinkSetup sink = new SinkSetup(location, loop, follower, config.followerPollInterval(), metrics, store);
            metrics.quarantined(new Quarantine(store).count());
            if (!replicated) {
                sink.shipping = true;
                loop.start();
            }
            String gzipUsed = policy.gzip().name();
            if (policy.gzip() == Gzip.ZLIB && config.segmentsGzip().equals("auto") && SegmentGzips.whyNotLibdeflate() != null) {
                gzipUsed += " (libdeflate: " + SegmentGzips.whyNotLibdeflate() + ")";
            }
            LOG.info("segments go to {} (seal at {} events or {}, gzip by {}); {}", location.store().describe(), policy.maxEvents(),
                    policy.maxAge(), gzipUsed,
                    replicated ? "shipping while leading, following the bucket every " + config.followerPollInterval() + " otherwise"
                            : "this process is the only writer");
            return sink;
        } catch (RuntimeException e) {
            location.close();
            throw e;
        }
    }

    /** Called (on another thread than the shipping loop's) when shipping hits a write-once conflict. */
    void onConflict(Consumer<ShippingConflictException> handler) {
        loop.onConflict(e -> {
            Thread t = new Thread(() -> handler.accept(e), "rynxs-fencing-conflict");
            t.setDaemon(true);
            t.start();
        });
    }

    Follower follower() {
        return follower;
    }

    /**
     * Before the store is opened: if the database holds no events (or does not exist yet) and the sink
     * holds segments, restores them into it ({@link Restore#runInto}: loaded beside it, renamed into place
     * only when complete, so a crash here leaves the empty database and the next start restores again).
     */
    static void restoreIfEmpty(RynxsConfig config, VerifierKey key, SnapshotPolicy policy) {
        Path db = config.database();
        if (Files.exists(db) && BulkLoad.holdsEvents(db)) {
            return;
        }
        try (SegmentLocation location = SegmentLocation.open(config.segmentsSink(), config.s3())) {
            if (location.store().list(location.layout().manifestsPrefix()).isEmpty()) {
                return;
            }
            LOG.info("the database is empty and {} holds segments: restoring from them first", location.store().describe());
            SegmentReport report = new Restore(location.store(), location.layout(), key, Clock.systemUTC()).runInto(db, policy, 0, true);
            report.failure().ifPresent(f -> {
                throw new StoreException("restore at start from " + location.store().describe() + ": " + f
                        + " (the sink does not verify; inspect it with rynxs segments verify)");
            });
            LOG.info("restored {} events from {} segments; head {}", report.events(), report.segments(), report.head());
        }
    }

    /** A new leader: applies every segment the bucket holds after this replica's shipped point, quarantining a diverged tail. */
    @Override
    public void catchUp() {
        stopFollowing();
        FollowResult r = follower.catchUp();
        lastFollow = r;
        LOG.info("caught up from {} before leading: applied {} segments ({} events), head seq {}{}", location.store().describe(),
                r.segments(), r.events(), r.head(), r.quarantined().map(b -> ", quarantined " + b.count() + " unshipped events").orElse(""));
    }

    @Override
    public synchronized void leading(long epoch) {
        stopFollowing();
        metrics.followerLag(0);
        shipping = true;
        loop.start();
    }

    @Override
    public synchronized void following() {
        if (shipping) {
            shipping = false;
            loop.stop(false);
        }
        if (following == null && !followThread.isShutdown()) {
            following = followThread.scheduleWithFixedDelay(this::followOnce, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stopFollowing() {
        if (following != null) {
            following.cancel(false);
            following = null;
        }
    }

    private void followOnce() {
        try {
            FollowResult r = follower.runOnce();
            lastFollow = r;
            lastFollowError = null;
            if (r.segments() > 0) {
                LOG.debug("follower: applied {} segments ({} events), head seq {}", r.segments(), r.events(), r.head());
            }
        } catch (RuntimeException e) {
            if (!e.getMessage().equals(lastFollowError)) {
                LOG.warn("follower: {} (retrying every {})", e.getMessage(), pollInterval);
            }
            lastFollowError = e.getMessage();
        }
    }

    /** For /readyz: what following shows. */
    String describeFollowing() {
        FollowResult r = lastFollow;
        String base = r == null ? "following " + location.store().describe() + ", head seq " + store.head().seq()
                : "following " + location.store().describe() + ", holds seq " + store.head().seq() + ", bucket at " + r.bucketHead()
                        + ", lag " + r.lag() + " events";
        return lastFollowError == null ? base : base + "; last poll failed: " + lastFollowError;
    }

    boolean isShipping() {
        return shipping;
    }

    /** A leader seals and ships what is pending (the tail too); a follower stops polling. */
    @Override
    public void close() {
        stopFollowing();
        followThread.shutdownNow();
        boolean flush;
        synchronized (this) {
            flush = shipping;
            shipping = false;
        }
        try {
            loop.stop(flush);
        } finally {
            location.close();
        }
    }
}
