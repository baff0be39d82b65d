package io.rynxs.cli;

import io.rynxs.checkpoint.Signer;
import io.rynxs.checkpoint.VerifierKey;
import io.rynxs.config.ConfigException;
import io.rynxs.config.RynxsConfig;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.replication.FollowerLoop;
import io.rynxs.replication.Replica;
import io.rynxs.replication.Role;
import io.rynxs.segment.Gzip;
import io.rynxs.segment.SegmentReport;
import io.rynxs.shipping.Follower;
import io.rynxs.shipping.Restore;
import io.rynxs.shipping.SegmentGzips;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.Shipper;
import io.rynxs.shipping.ShippingLoop;
import io.rynxs.shipping.ShippingPolicy;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.BulkLoad;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.Quarantine;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreException;
import io.rynxs.tlog.Policy;
import io.rynxs.witness.WitnessClient;
import io.rynxs.witness.Witnessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment sink of {@code rynxs serve} as configured (docs/DESIGN.md, Segments and the sink, and High
 * availability): restores an empty database from it before the store opens, and builds the {@link Replica} that
 * ships to it and follows it. Nothing ships or follows until the replica is told its role.
 */
final class SinkSetup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkSetup.class);

    private final RynxsConfig config;
    private final SegmentLocation location;
    private final ShippingPolicy policy;
    private final Replica replica;
    private final Witnessing witnessing;

    private SinkSetup(RynxsConfig config, SegmentLocation location, ShippingPolicy policy, Replica replica, Witnessing witnessing) {
        this.config = config;
        this.location = location;
        this.policy = policy;
        this.replica = replica;
        this.witnessing = witnessing;
    }

    /** The configured witnesses, or null; a policy that does not parse is refused at start, naming its key and line. */
    private static Witnessing witnessing(RynxsConfig config, EventStore store, RynxsMetrics metrics) {
        if (!config.witnesses().enabled()) {
            return null;
        }
        Policy parsed;
        try {
            parsed = Policy.parse(config.witnesses().policy());
            return new Witnessing(parsed, store, new WitnessClient(Duration.ofSeconds(10)), config.witnesses().interval(), Clock.systemUTC(),
                    metrics);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.witnesses().source(), "(policy text)", "a C2SP tlog-policy with witness <name> <vkey> <url>"
                    + " lines and a quorum line: " + e.getMessage());
        }
    }

    /** The setting's gzip; {@code libdeflate} on a machine without it is refused at start, naming the setting. */
    private static Gzip gzip(RynxsConfig config) {
        try {
            return SegmentGzips.choose(config.segmentsGzip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("RYNXS_SEGMENTS_GZIP", config.segmentsGzip(), e.getMessage());
        }
    }

    /** Opens the sink and builds the replica, {@link Role#STARTING}: the API can ask it from the start whether it takes appends. */
    static SinkSetup open(RynxsConfig config, EventStore store, StateHistory history, Checkpoints checkpoints, Signer signer,
                          RynxsMetrics metrics) {
        SegmentLocation location = SegmentLocation.open(config.segmentsSink(), config.s3());
        try {
            ShippingPolicy policy = new ShippingPolicy(config.segmentsMaxEvents(), config.segmentsMaxAge(), gzip(config));
            Shipper shipper = new Shipper(store, checkpoints, location.store(), location.layout(), signer, policy, Clock.systemUTC(), metrics);
            Witnessing witnessing = witnessing(config, store, metrics);
            if (witnessing != null) {
                shipper.witnessedBy(witnessing);
            }
            Duration interval = config.segmentsMaxAge().compareTo(Duration.ofSeconds(5)) < 0 ? config.segmentsMaxAge() : Duration.ofSeconds(5);
            ShippingLoop shipping = new ShippingLoop(shipper, interval, Duration.ofMinutes(2));
            Follower follower = new Follower(store, history, checkpoints, location.store(), location.layout(), signer.verifierKey(),
                    Clock.systemUTC(), metrics);
            FollowerLoop following = new FollowerLoop(follower, config.followerPollInterval());
            Replica replica = new Replica(store, location.store(), shipping, following, metrics,
                    config.operatorSection().forceLeader());
            metrics.quarantined(new Quarantine(store).count());
            return new SinkSetup(config, location, policy, replica, witnessing);
        } catch (RuntimeException e) {
            location.close();
            throw e;
        }
    }

    Replica replica() {
        return replica;
    }

    /** Once the log is verified and about to be told its role: where segments go and when, in one line. */
    void announce(boolean replicated) {
        String gzipUsed = policy.gzip().name();
        if (policy.gzip() == Gzip.ZLIB && config.segmentsGzip().equals("auto") && SegmentGzips.whyNotLibdeflate() != null) {
            gzipUsed += " (libdeflate: " + SegmentGzips.whyNotLibdeflate() + ")";
        }
        LOG.info("segments go to {} (seal at {} events or {}, gzip by {}); {}", location.store().describe(), policy.maxEvents(),
                policy.maxAge(), gzipUsed,
                replicated ? "shipping while leading, following the bucket every " + config.followerPollInterval() + " otherwise"
                        : "this process is the only writer");
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

    /** The replica first (a leader seals and ships its tail, asking the witnesses once more), then the witnesses' threads and the sink. */
    @Override
    public void close() {
        try {
            replica.close();
        } finally {
            if (witnessing != null) {
                witnessing.close();
            }
            location.close();
        }
    }
}
