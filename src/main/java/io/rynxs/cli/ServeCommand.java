package io.rynxs.cli;

import io.rynxs.api.ApiConfig;
import io.rynxs.api.ApiDeps;
import io.rynxs.api.ApiServer;
import io.rynxs.api.AuthMode;
import io.rynxs.api.Readiness;
import io.rynxs.config.RynxsConfig;
import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.JsonLimits;
import io.rynxs.metrics.MetricsServer;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.replication.Replica;
import io.rynxs.replication.ReplicaReadiness;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.AuditReport;
import io.rynxs.store.AutoCheckpoints;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.Durability;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreObserver;
import io.rynxs.store.StoreOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rynxs serve}: the store, the API, metrics and automatic checkpoints and snapshots, on the embedded
 * default (SQLite under {@code ./data}); stops cleanly on SIGTERM.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the log service: API (default 127.0.0.1:8081), metrics (:8080/metrics), automatic checkpoints.",
        footer = {"", "Every option is also an environment variable (RYNXS_DATA_DIR, RYNXS_API_PORT, RYNXS_METRICS_PORT,",
                "RYNXS_BIND, ...; see docs/configuration.md). Example:",
                "  rynxs serve --data ./data",
                "  curl -s localhost:8081/api/v1/head"})
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (RYNXS_DATA_DIR, default ./data).")
    String data;

    @Option(names = "--api-port", paramLabel = "P", description = "API port (RYNXS_API_PORT, default 8081; 0 picks a free one).")
    String apiPort;

    @Option(names = "--metrics-port", paramLabel = "Q", description = "Metrics port (RYNXS_METRICS_PORT, default 8080).")
    String metricsPort;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Listen address (RYNXS_BIND, default 127.0.0.1).")
    String bind;

    @Option(names = "--metrics-bind", paramLabel = "ADDR",
            description = "Listen address of the unauthenticated metrics port (RYNXS_METRICS_BIND, default: the --bind address).")
    String metricsBind;

    @Option(names = "--operator", description = "Run the operator loop even if no cluster is detected (RYNXS_OPERATOR).")
    boolean operator;

    @Override
    public Integer call() throws Exception {
        // The one read of the environment: the configuration takes its keys from it, Cluster the Kubernetes client's.
        Map<String, String> env = System.getenv();
        RynxsConfig config = RynxsConfig.load(flags(), env);
        LogSetup.apply(config.logFormat(), config.logLevel(), config.logAccess());
        Files.createDirectories(config.dataDir());

        SigningKey key = SigningKey.load(config);
        RynxsMetrics metrics = new RynxsMetrics(Version.number());
        metrics.watchDisk(config.database());
        AtomicReference<ApiServer> api = new AtomicReference<>();
        StoreObserver wakeTails = new StoreObserver() {
            @Override
            public void committed(List<Event> batch, long nanos) {
                ApiServer a = api.get();
                if (a != null) {
                    a.onAppended(batch.get(batch.size() - 1).seq());
                }
            }
        };
        SinkSetup.restoreIfEmpty(config, key.signer().verifierKey(), new SnapshotPolicy(config.snapshotEvery()));
        StoreOptions options = StoreOptions.of(config.database()).withDurability(Durability.valueOf(config.synchronous()))
                .withLineBundleSize(config.lineBundleEvents());
        EventStore store = EventStore.open(options, StoreObserver.all(List.of(metrics, wakeTails, new StoreLog())));
        metrics.headAt(store.head().seq());
        StateHistory history = new StateHistory(store, new SnapshotPolicy(config.snapshotEvery()));
        Checkpoints checkpoints = new Checkpoints(store, history, Clock.systemUTC());
        checkpoints.latest().ifPresent(c -> metrics.lastCheckpointAt(EventTime.parse(c.createdAt())));
        AutoCheckpoints auto = new AutoCheckpoints(checkpoints, store, key.signer(), config.checkpointEveryEvents(),
                config.checkpointInterval(), Clock.systemUTC());
        MetricsServer metricsServer = config.metricsEnabled() ? MetricsServer.start(metrics, config.metricsBind(), config.metricsPort()) : null;
        SinkSetup sink = SinkSetup.open(config, store, history, checkpoints, key.signer(), metrics);
        Replica replica = sink.replica();

        ApiConfig apiConfig = new ApiConfig(config.bind(), config.apiPort(), AuthMode.parse(config.apiAuth()), config.apiTokenFile(),
                config.apiMaxBodyBytes(), Duration.ofSeconds(10), config.apiIdleTimeout());
        // The API answers from the start (health, reads, why it is not ready); writes wait for the audit and the replica's role.
        api.set(ApiServer.start(apiConfig, ApiDeps.of(store, history, checkpoints)
                .withSigner(key.signer())
                .withLimits(new JsonLimits(config.maxPayloadBytes(), config.maxJsonDepth()))
                .withMetrics(metrics)
                .withEpoch(replica::epoch)
                .withWritable(replica::acceptsAppends)
                .withReadiness(() -> readiness(replica))));

        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onTermOrInt(stop::countDown);
        boolean replicated = Cluster.replicated(config, env);
        // Refused at open (StoreLog said why) or by the audit: reads only, nothing appended, signed or shipped. The audit runs
        // after a refusal at open too, to name the first row at fault where the open check named only a commitment.
        AuditReport audit = StartupAudit.run(config, store, history, key.signer().verifierKey(), replicated, stop);
        if (audit == null || !audit.ok() || store.integrity().refused()) {
            stop.await();
            LOG.info("stopping: the log takes no writes, so nothing is sealed, shipped or signed");
            api.get().stop();
            sink.close();
            store.close();
            close(metricsServer);
            return ExitCodes.OK;
        }

        sink.announce(replicated);
        Cluster cluster = Cluster.startIfPresent(config, env, store, history, metrics, replica);
        Background background = Background.start(auto, history, store, metrics);
        LOG.info("{}; data {}, head seq {}, API {}:{}, metrics {}, origin {}", cluster.describe(),
                config.dataDir().toAbsolutePath(), store.head().seq(), config.bind(), api.get().port(),
                metricsServer == null ? "off" : config.metricsBind() + ":" + metricsServer.port() + "/metrics", key.signer().verifierKey().name());

        stop.await();
        LOG.info("stopping: refusing new work, sealing and shipping the tail, then a final checkpoint and closing the store");
        api.get().stop();
        cluster.stopWork();
        background.stop();
        try {
            sink.close();
        } finally {
            cluster.close();
        }
        try {
            auto.finalCheckpoint();
        } catch (RuntimeException e) {
            LOG.warn("final checkpoint failed: {}", e.getMessage());
        }
        store.close();
        close(metricsServer);
        LOG.info("stopped; head seq {}", store.head().seq());
        return ExitCodes.OK;
    }

    /** The replica's readiness as the API shows it: api and replication do not know each other. */
    private static Readiness readiness(Replica replica) {
        ReplicaReadiness r = replica.readiness();
        return new Readiness(r.ready(), r.detail());
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        put(flags, "RYNXS_DATA_DIR", data);
        put(flags, "RYNXS_API_PORT", apiPort);
        put(flags, "RYNXS_METRICS_PORT", metricsPort);
        put(flags, "RYNXS_BIND", bind);
        put(flags, "RYNXS_METRICS_BIND", metricsBind);
        if (operator) {
            flags.put("RYNXS_OPERATOR", "true");
        }
        return flags;
    }

    private static void close(MetricsServer metricsServer) {
        if (metricsServer != null) {
            metricsServer.close();
        }
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
