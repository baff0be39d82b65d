package io.rynxs.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rynxs.api.HttpMetrics;
import io.rynxs.checkpoint.CheckpointCode;
import io.rynxs.event.Event;
import io.rynxs.operator.OperatorMetrics;
import io.rynxs.replication.ReplicaMetrics;
import io.rynxs.shipping.FollowerMetrics;
import io.rynxs.shipping.ShippingMetrics;
import io.rynxs.store.AuditFinding;
import io.rynxs.store.FencedException;
import io.rynxs.store.StoreException;
import io.rynxs.store.StoreObserver;
import io.rynxs.witness.WitnessMetrics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Every metric the process exports (prefix {@code rynxs_}), in one registry: the seed's names
 * (docs/DESIGN.md, Interfaces) plus the store's and the API's. Implements the observer ports of the store and the API, so
 * neither knows a Prometheus type.
 */
public final class RynxsMetrics implements StoreObserver, HttpMetrics, ShippingMetrics,
        OperatorMetrics, FollowerMetrics, ReplicaMetrics, WitnessMetrics {
    private static final double[] LATENCY = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();

    final Counter eventsTotal = Counter.builder().name("rynxs_events_total")
            .help("Events appended to the log, by event type: each operator type as itself, every dotted type as external,"
                    + " an operator-style type this version does not write as other.").labelNames("event_type").register(registry);
    final Histogram appendDuration = Histogram.builder().name("rynxs_append_duration_seconds")
            .help("Time from taking a batch off the append queue to its durable commit.").classicOnly().classicUpperBounds(LATENCY)
            .register(registry);
    final Histogram appendBatchSize = Histogram.builder().name("rynxs_append_batch_size")
            .help("Events per group-committed batch.").classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000)
            .register(registry);
    final Gauge headSeq = Gauge.builder().name("rynxs_head_seq").help("Seq of the newest durable event.").register(registry);
    final Counter fencedAppends = Counter.builder().name("rynxs_fenced_appends_total")
            .help("Appends refused because their epoch was below the head's (a deposed leader writing).").register(registry);
    final Counter verifyFailures = Counter.builder().name("rynxs_verify_failures_total")
            .help("Chain verifications that found a bad event.").register(registry);
    final Gauge logRefused = Gauge.builder().name("rynxs_log_refused")
            .help("1 while the log is refused for writing: it contradicts something it signed or shipped, or itself (see /readyz).")
            .register(registry);
    final Gauge writeFailing = Gauge.builder().name("rynxs_write_failing")
            .help("1 while appends fail for a reason of the machine's (a full disk, an I/O error), until a commit succeeds again.")
            .register(registry);
    final Histogram replayDuration = Histogram.builder().name("rynxs_replay_duration_seconds")
            .help("Time to compute the state at a seq (snapshot plus replay).").classicOnly().classicUpperBounds(LATENCY).register(registry);
    final Histogram checkpointCreateDuration = Histogram.builder().name("rynxs_checkpoint_create_duration_seconds")
            .help("Time to create and sign a checkpoint.").classicOnly().classicUpperBounds(LATENCY).register(registry);
    final Counter checkpointCreateFailures = Counter.builder().name("rynxs_checkpoint_create_failures_total")
            .help("Checkpoints that could not be signed (the audit before signing refused, or the store failed).").register(registry);
    final Gauge lastCheckpoint = Gauge.builder().name("rynxs_last_checkpoint_timestamp_seconds")
            .help("When the newest checkpoint of the log was signed, in Unix seconds (0 while there is none).").register(registry);
    final Counter checkpointVerifyFailures = Counter.builder().name("rynxs_checkpoint_verify_failures_total")
            .help("Checkpoint verifications that failed, by code.").labelNames("code").register(registry);
    final Histogram reconcileDuration = Histogram.builder().name("rynxs_reconcile_duration_seconds")
            .help("Reconcile duration, by resource type.").labelNames("resource_type").classicOnly().classicUpperBounds(LATENCY)
            .register(registry);
    final Gauge leaderStatus = Gauge.builder().name("rynxs_leader_election_status")
            .help("1 when this replica leads (or leader election is off), 0 when it follows.").register(registry);
    final Counter leaderTransitions = Counter.builder().name("rynxs_leader_transitions_total")
            .help("Times this replica acquired the leader Lease.").register(registry);
    final Counter httpRequests = Counter.builder().name("rynxs_http_requests_total")
            .help("API requests, by route template (unmatched for any path outside the route table) and status (the"
                    + " documented codes, any other as its class such as 4xx).").labelNames("route", "status").register(registry);
    final Histogram httpDuration = Histogram.builder().name("rynxs_http_request_duration_seconds")
            .help("API request duration, by route template.").labelNames("route").classicOnly().classicUpperBounds(LATENCY)
            .register(registry);

    final Counter segmentsShipped = Counter.builder().name("rynxs_segments_shipped_total")
            .help("Segments sealed and shipped to the sink (segment, manifest and checkpoint written).").register(registry);
    final Counter shipFailures = Counter.builder().name("rynxs_segment_ship_failures_total")
            .help("Failed shipping attempts, by reason (io, conflict, store).").labelNames("reason").register(registry);
    /** The head and what the sink holds, as last told (-1: not yet known; then no unshipped count is reported). */
    private volatile long head;
    private volatile long shippedThrough = -1;
    final Gauge unshipped = Gauge.builder().name("rynxs_unshipped_events").help("Events not yet in a shipped segment.").register(registry);
    final Gauge lastShipped = Gauge.builder().name("rynxs_last_shipped_seq").help("Last seq of the newest shipped segment.").register(registry);

    final Gauge followerLag = Gauge.builder().name("rynxs_follower_lag_events")
            .help("Events the bucket holds that this follower has not applied yet (0 on the leader and when caught up).")
            .register(registry);
    final Gauge followerLastApplied = Gauge.builder().name("rynxs_follower_last_applied_seq")
            .help("Last seq this replica holds from a segment in the bucket (applied as follower or shipped as leader).")
            .register(registry);
    final Gauge quarantinedEvents = Gauge.builder().name("rynxs_quarantined_events")
            .help("Events in the quarantine table: written by this replica as leader, never shipped, replaced by the bucket's chain.")
            .register(registry);
    final Counter fencingConflicts = Counter.builder().name("rynxs_fencing_conflicts_total")
            .help("Write-once key collisions in the bucket: another process shipped the same place of the chain; this replica stepped down.")
            .register(registry);

    final Counter witnessCosignatures = Counter.builder().name("rynxs_witness_cosignatures_total")
            .help("Cosignatures obtained from each witness of RYNXS_WITNESSES, verified against its key and stored.").labelNames("witness")
            .register(registry);
    final Counter witnessFailures = Counter.builder().name("rynxs_witness_failures_total")
            .help("Failed add-checkpoint calls, by witness and reason (unavailable, unknown_log, forbidden, bad_proof, bad_request,"
                    + " conflict, witness_ahead, bad_cosignature).").labelNames("witness", "reason").register(registry);
    /**
     * Exists only once witnesses are configured ({@link #witnesses}): a log without witnesses has no quorum to miss, and a
     * series at 0 would fire RynxsWitnessQuorumMissed on every such deployment.
     */
    volatile Gauge witnessQuorumMet;

    public RynxsMetrics() {
        this("unknown");
    }

    /** {@code version} goes into {@code rynxs_build_info}, with the Java runtime's. */
    public RynxsMetrics(String version) {
        Info.builder().name("rynxs_build_info").help("Always 1: the version of rynxs and of the Java runtime it runs on.")
                .labelNames("version", "java_version").register(registry)
                .setLabelValues(version, System.getProperty("java.version", "unknown"));
        // Every series a label can take exists from the start, at zero: increase() over a series that appears
        // with its first event takes that event as the starting value and never reports it.
        for (String type : LabelValues.EVENT_TYPES) {
            eventsTotal.initLabelValues(type);
        }
        for (String reason : new String[] {"io", "conflict", "store"}) {
            shipFailures.initLabelValues(reason);
        }
        JvmMetrics.builder().register(registry);
        leaderStatus.set(1);
        for (CheckpointCode code : CheckpointCode.values()) {
            if (code != CheckpointCode.OK) {
                checkpointVerifyFailures.initLabelValues(code.name());
            }
        }
        reconcileDuration.initLabelValues("Agent");
        reconcileDuration.initLabelValues("Session");
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void committed(List<Event> batch, long nanos) {
        for (Event e : batch) {
            eventsTotal.labelValues(LabelValues.eventType(e.type())).inc();
        }
        appendDuration.observe(nanos / 1e9);
        appendBatchSize.observe(batch.size());
        moveHead(batch.get(batch.size() - 1).seq());
    }

    @Override
    public void integrityRefused(AuditFinding finding) {
        logRefused.set(1);
    }

    @Override
    public void writeFailed(StoreException cause) {
        writeFailing.set(1);
    }

    @Override
    public void writeRecovered() {
        writeFailing.set(0);
    }

    @Override
    public void refused(StoreException reason) {
        if (reason instanceof FencedException) {
            fencedAppends.inc();
        }
    }

    @Override
    public void record(String route, int status, double seconds) {
        httpRequests.labelValues(route, LabelValues.status(status)).inc();
        httpDuration.labelValues(route).observe(seconds);
    }

    @Override
    public void segmentShipped() {
        segmentsShipped.inc();
    }

    @Override
    public void shipFailure(String reason) {
        shipFailures.labelValues(reason).inc();
    }

    @Override
    public void shippedThrough(long seq) {
        shippedThrough = seq;
        unshipped.set(Math.max(0, head - seq));
    }

    @Override
    public void lastShippedSeq(long seq) {
        lastShipped.set(seq);
    }

    /** The head at start, before any append of this process. */
    public void headAt(long seq) {
        moveHead(seq);
    }

    /**
     * The unshipped count follows every append, not only shipping's attempts: during an outage the shipper tries rarely
     * (backing off to minutes) while events keep coming, and an alert must see them pile up.
     */
    private void moveHead(long seq) {
        head = seq;
        headSeq.set(seq);
        long through = shippedThrough;
        if (through >= 0) {
            unshipped.set(Math.max(0, seq - through));
        }
    }

    @Override
    public void verifyFailed() {
        verifyFailures.inc();
    }

    @Override
    public void replayed(double seconds) {
        replayDuration.observe(seconds);
    }

    @Override
    public void checkpointCreated(double seconds) {
        checkpointCreateDuration.observe(seconds);
        lastCheckpoint.set(System.currentTimeMillis() / 1000.0);
    }

    @Override
    public void checkpointCreateFailed() {
        checkpointCreateFailures.inc();
    }

    /** The newest checkpoint's signing time at start, before this process signs one. */
    public void lastCheckpointAt(Instant signedAt) {
        lastCheckpoint.set(signedAt.toEpochMilli() / 1000.0);
    }

    /**
     * The database's bytes on disk (the file, its WAL and the line bundles beside it) and the free bytes of its volume,
     * read at each scrape: a volume fills by itself, between any two events this process could report.
     */
    public void watchDisk(Path database) {
        GaugeWithCallback.builder().name("rynxs_database_bytes")
                .help("Bytes of the event database on disk: the SQLite file, its WAL and its line bundles.")
                .callback(cb -> cb.call(DiskUse.databaseBytes(database))).register(registry);
        GaugeWithCallback.builder().name("rynxs_volume_free_bytes")
                .help("Bytes a write may still use on the database's volume.")
                .callback(cb -> cb.call(DiskUse.freeBytes(database))).register(registry);
        GaugeWithCallback.builder().name("rynxs_volume_size_bytes")
                .help("Total bytes of the database's volume.")
                .callback(cb -> cb.call(DiskUse.totalBytes(database))).register(registry);
    }

    /** Takes the code, not a message: the label is one of a fixed set, created at zero at start. */
    @Override
    public void checkpointVerifyFailed(CheckpointCode code) {
        checkpointVerifyFailures.labelValues(code.name()).inc();
    }

    public void reconciled(String resourceType, double seconds) {
        reconcileDuration.labelValues(resourceType).observe(seconds);
    }

    public void leader(boolean leads) {
        leaderStatus.set(leads ? 1 : 0);
    }

    public void leaderTransition() {
        leaderTransitions.inc();
    }

    @Override
    public void followerLag(long events) {
        followerLag.set(events);
    }

    @Override
    public void followerLastApplied(long seq) {
        followerLastApplied.set(seq);
    }

    @Override
    public void quarantined(long total) {
        quarantinedEvents.set(total);
    }

    /** A shipping conflict made this replica step down (docs/DESIGN.md, High availability). */
    @Override
    public void fencingConflict() {
        fencingConflicts.inc();
    }

    @Override
    public synchronized void witnesses(Collection<String> names) {
        for (String w : names) {
            witnessCosignatures.initLabelValues(w);
            for (Failure f : Failure.values()) {
                witnessFailures.initLabelValues(w, f.label());
            }
        }
        if (witnessQuorumMet == null) {
            witnessQuorumMet = Gauge.builder().name("rynxs_witness_quorum_met")
                    .help("1 when the newest checkpoint offered to the witnesses met the policy's quorum, 0 when it did not.").register(registry);
        }
        witnessQuorumMet.set(1);
    }

    @Override
    public void cosigned(String witness) {
        witnessCosignatures.labelValues(witness).inc();
    }

    @Override
    public void failed(String witness, Failure reason) {
        witnessFailures.labelValues(witness, reason.label()).inc();
    }

    @Override
    public void quorumMet(boolean met) {
        Gauge g = witnessQuorumMet;
        if (g != null) {
            g.set(met ? 1 : 0);
        }
    }
}
