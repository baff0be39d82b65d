package io.rynxs.cli;

import io.rynxs.checkpoint.VerifierKey;
import io.rynxs.config.RynxsConfig;
import io.rynxs.replication.Replica;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.SinkCommitments;
import io.rynxs.store.AuditReport;
import io.rynxs.store.Commitment;
import io.rynxs.store.EventStore;
import io.rynxs.store.LogAudit;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code rynxs serve} checks before it takes a write, signs or ships (docs/design/integrity.md): every row
 * against every commitment the database records and against the sink's newest signed checkpoints. While it
 * runs the store refuses appends as retryable and {@code /readyz} says what it is doing; a finding leaves the
 * store refused for writing, with the reason on {@code /readyz} and in the log.
 *
 * <p>The sink is the anchor against a database rolled back or cut short as a whole, so it must be read: while
 * it cannot be, the audit waits (the log stays unwritable) and says why. Which of the sink's commitments this
 * database must hold depends on whether it is the only writer or one of the replicas ({@link Replica#requiredAtStart}).
 */
final class StartupAudit {
    private static final Logger LOG = LoggerFactory.getLogger(StartupAudit.class);
    private static final long RETRY_SECONDS = 5;
    /** A progress line at most this often: a long log says how far it got without flooding the log. */
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private StartupAudit() {}

    /** Runs the audit; null if {@code stop} fired while the sink could not be read. */
    static AuditReport run(RynxsConfig config, EventStore store, StateHistory history, VerifierKey key, boolean replicated,
                           CountDownLatch stop) throws InterruptedException {
        SegmentLocation location = SegmentLocation.open(config.segmentsSink(), config.s3());
        try {
            SinkCommitments sink = readSink(config, location, key, stop);
            return sink == null ? null : audit(config, store, history, key, replicated, sink);
        } finally {
            location.close();
        }
    }

    private static AuditReport audit(RynxsConfig config, EventStore store, StateHistory history, VerifierKey key, boolean replicated,
                                     SinkCommitments sink) {
        long shipped = new SegmentLedger(store).shippedThrough();
        List<Commitment> required = Replica.requiredAtStart(sink.commitments(), shipped, replicated);
        sink.notes().forEach(n -> LOG.warn("sink {}: {}", config.segmentsSink(), n));
        long head = store.head().seq();
        LOG.info("verifying the log before taking writes: {} events against the database's checkpoints and sealed segments and {} of the"
                + " sink's checkpoints", head, required.size());
        long t0 = System.nanoTime();
        long[] lastSaid = {t0};
        AuditReport report = new LogAudit(store, history, key).withCommitments(required).withShipped(sink)
                .withProgress((done, total) -> {
                    long now = System.nanoTime();
                    if (done < total && now - lastSaid[0] > PROGRESS_EVERY_NANOS) {
                        lastSaid[0] = now;
                        LOG.info("verifying the log: {} of {} events", done, total);
                    }
                })
                .gate();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (report.ok() && !store.integrity().refused()) {
            LOG.info("log verified in {} s: {} events re-hashed and held to {} commitments through size {}{}", String.format("%.1f", seconds),
                    report.checked(), report.commitments(), report.committedThrough(),
                    report.notes().isEmpty() ? "" : "; " + String.join("; ", report.notes()));
        }
        // A finding is logged by the store's observer (StoreLog) as it refuses the store.
        return report;
    }

    private static SinkCommitments readSink(RynxsConfig config, SegmentLocation location, VerifierKey key, CountDownLatch stop)
            throws InterruptedException {
        String lastError = null;
        while (true) {
            try {
                SinkCommitments sink = SinkCommitments.read(location.store(), location.layout(), key);
                if (lastError != null) {
                    LOG.info("the sink {} answers again; verifying the log", config.segmentsSink());
                }
                return sink;
            } catch (StoreException e) {
                if (!e.getMessage().equals(lastError)) {
                    LOG.warn("the log is not verified yet and takes no writes: the sink cannot be read to compare it with what was shipped ({});"
                            + " retrying every {} s", e.getMessage(), RETRY_SECONDS);
                }
                lastError = e.getMessage();
            }
            if (stop.await(RETRY_SECONDS, TimeUnit.SECONDS)) {
                return null;
            }
        }
    }
}
