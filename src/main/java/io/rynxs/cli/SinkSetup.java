package io.rynxs.cli;

import io.rynxs.checkpoint.Signer;
import io.rynxs.config.RynxsConfig;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.segment.SegmentReport;
import io.rynxs.shipping.Restore;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.Shipper;
import io.rynxs.shipping.ShippingLoop;
import io.rynxs.shipping.ShippingPolicy;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment sink of {@code rynxs serve} (DESIGN §6): restores an empty database from it at start,
 * then seals and ships the log to it in the background; on stop, seals and ships the tail.
 */
final class SinkSetup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkSetup.class);

    private final SegmentLocation location;
    private final ShippingLoop loop;

    private SinkSetup(SegmentLocation location, ShippingLoop loop) {
        this.location = location;
        this.loop = loop;
    }

    static SinkSetup start(RynxsConfig config, EventStore store, StateHistory history, Checkpoints checkpoints, Signer signer,
                           RynxsMetrics metrics) {
        SegmentLocation location = SegmentLocation.open(config.segmentsSink(), System.getenv());
        try {
            restoreIfEmpty(location, store, history, checkpoints, signer);
            ShippingPolicy policy = new ShippingPolicy(config.segmentsMaxEvents(), config.segmentsMaxAge());
            Shipper shipper = new Shipper(store, checkpoints, location.store(), location.layout(), signer, policy, Clock.systemUTC(), metrics);
            Duration interval = config.segmentsMaxAge().compareTo(Duration.ofSeconds(5)) < 0 ? config.segmentsMaxAge() : Duration.ofSeconds(5);
            ShippingLoop loop = new ShippingLoop(shipper, interval, Duration.ofMinutes(2));
            loop.start();
            LOG.info("shipping segments to {} (seal at {} events or {})", location.store().describe(), policy.maxEvents(), policy.maxAge());
            return new SinkSetup(location, loop);
        } catch (RuntimeException e) {
            location.close();
            throw e;
        }
    }

    private static void restoreIfEmpty(SegmentLocation location, EventStore store, StateHistory history, Checkpoints checkpoints,
                                       Signer signer) {
        if (!store.head().isEmpty() || location.store().list(location.layout().manifestsPrefix()).isEmpty()) {
            return;
        }
        LOG.info("the database is empty and {} holds segments: restoring from them first", location.store().describe());
        SegmentReport report = new Restore(location.store(), location.layout(), signer.verifierKey(), Clock.systemUTC())
                .run(store, history, checkpoints, 0);
        report.failure().ifPresent(f -> {
            throw new StoreException("restore at start from " + location.store().describe() + ": " + f
                    + " (the sink does not verify; inspect it with rynxs segments verify)");
        });
        LOG.info("restored {} events from {} segments; head {}", report.events(), report.segments(), report.head());
    }

    /** Seals and ships what is pending (the tail too), then stops the loop. */
    @Override
    public void close() {
        loop.stop(true);
        location.close();
    }
}
