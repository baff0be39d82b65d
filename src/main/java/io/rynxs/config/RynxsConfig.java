package io.rynxs.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one configuration record of {@code rynxs serve}: defaults, then the environment ({@code RYNXS_*},
 * named after the Helm values), then CLI flags, validated once at start-up. The operator's keys and the S3
 * keys are sections of it, read by the same rules. Every key is documented in docs/configuration.md.
 */
public record RynxsConfig(
        Path dataDir,
        String bind,
        int apiPort,
        int metricsPort,
        boolean metricsEnabled,
        String metricsBind,
        String apiAuth,
        Path apiTokenFile,
        long apiMaxBodyBytes,
        Duration apiIdleTimeout,
        String synchronous,
        int maxPayloadBytes,
        int maxJsonDepth,
        String checkpointOrigin,
        Path signingKeyFile,
        long checkpointEveryEvents,
        Duration checkpointInterval,
        long snapshotEvery,
        int lineBundleEvents,
        String logFormat,
        String logLevel,
        String logAccess,
        String segmentsSink,
        int segmentsMaxEvents,
        Duration segmentsMaxAge,
        String segmentsGzip,
        boolean operator,
        int replicas,
        Duration followerPollInterval,
        OperatorSection operatorSection,
        S3Section s3,
        WitnessSection witnesses) {

    /** Reads the configuration from CLI flags (already keyed by their {@code RYNXS_*} names) and the environment. */
    public static RynxsConfig load(Map<String, String> flags, Map<String, String> env) {
        Settings s = new Settings(flags, env);
        Path data = s.path("RYNXS_DATA_DIR", Path.of("data"));
        String auth = s.oneOf("RYNXS_API_AUTH", "none", Set.of("none", "token", "kubernetes"));
        Path tokenFile = s.path("RYNXS_API_TOKEN_FILE", null);
        if (auth.equals("token") && tokenFile == null) {
            throw new ConfigException("RYNXS_API_TOKEN_FILE", null, "required when RYNXS_API_AUTH=token: a file of \"token identity role\" lines");
        }
        String bind = s.string("RYNXS_BIND", "127.0.0.1");
        RynxsConfig c = new RynxsConfig(
                data,
                bind,
                s.integer("RYNXS_API_PORT", 8081, 0, 65_535),
                s.integer("RYNXS_METRICS_PORT", 8080, 0, 65_535),
                s.bool("RYNXS_METRICS_ENABLED", true),
                // /metrics has no authentication: this lets the API listen on every address while the metrics
                // stay on loopback, for a local agent or a proxy in front that authenticates.
                s.string("RYNXS_METRICS_BIND", bind),
                auth,
                tokenFile,
                s.integer("RYNXS_API_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
                s.duration("RYNXS_API_IDLE_TIMEOUT", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(10)),
                s.oneOf("RYNXS_STORE_SYNCHRONOUS", "full", Set.of("full", "normal")).toUpperCase(Locale.ROOT),
                s.integer("RYNXS_MAX_PAYLOAD_BYTES", 256 * 1024, 2, 16 * 1024 * 1024),
                s.integer("RYNXS_MAX_JSON_DEPTH", 64, 1, 1024),
                s.string("RYNXS_CHECKPOINT_ORIGIN", null),
                s.path("RYNXS_SIGNING_KEY_FILE", null),
                s.integer("RYNXS_CHECKPOINT_EVERY_EVENTS", 1_000, 1, 100_000_000),
                s.duration("RYNXS_CHECKPOINT_INTERVAL", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(24)),
                s.integer("RYNXS_SNAPSHOT_EVERY", 10_000, 100, 10_000_000),
                s.integer("RYNXS_LINE_BUNDLE_EVENTS", 4096, 0, 1 << 20),
                s.oneOf("RYNXS_LOG_FORMAT", "json", Set.of("json", "text")),
                s.oneOf("RYNXS_LOG_LEVEL", "info", Set.of("trace", "debug", "info", "warn", "error")),
                // The access log alone: warn keeps its 5xx lines and drops one line per request, off drops both, debug adds passing probes.
                s.oneOf("RYNXS_LOG_ACCESS", "info", Set.of("debug", "info", "warn", "off")),
                s.string("RYNXS_SEGMENTS_SINK", data.toAbsolutePath().resolve("sink").toUri().toString()),
                s.integer("RYNXS_SEGMENTS_MAX_EVENTS", 10_000, 1, 1_000_000),
                s.duration("RYNXS_SEGMENTS_MAX_AGE", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(24)),
                s.oneOf("RYNXS_SEGMENTS_GZIP", "auto", Set.of("auto", "libdeflate", "zlib")),
                s.bool("RYNXS_OPERATOR", false),
                s.integer("RYNXS_REPLICAS", 1, 1, 100),
                s.duration("RYNXS_FOLLOWER_POLL_INTERVAL", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(10)),
                OperatorSection.read(s),
                S3Section.read(s),
                WitnessSection.read(s));
        if (!c.segmentsSink.startsWith("s3://") && !c.segmentsSink.startsWith("file:")) {
            throw new ConfigException("RYNXS_SEGMENTS_SINK", c.segmentsSink, "s3://bucket/prefix/ or file:///dir/");
        }
        if (c.replicas > 1 && !c.segmentsSink.startsWith("s3://")) {
            throw new ConfigException("RYNXS_SEGMENTS_SINK", c.segmentsSink, "s3://bucket/prefix/ when RYNXS_REPLICAS is " + c.replicas
                    + ": each replica keeps its own database on its own volume, so followers and a new leader can only read the"
                    + " log from a bucket they all share");
        }
        if (c.replicas > 1 && !c.operatorSection.leaderElection()) {
            throw new ConfigException("RYNXS_LEADER_ELECTION_ENABLED", "false", "true when RYNXS_REPLICAS is " + c.replicas
                    + ": without a Lease every replica would append and ship its own chain");
        }
        if (c.apiPort != 0 && c.apiPort == c.metricsPort && c.metricsEnabled) {
            throw new ConfigException("RYNXS_METRICS_PORT", String.valueOf(c.metricsPort), "a port other than RYNXS_API_PORT");
        }
        if (c.apiAuth.equals("none") && !ListenAddress.isLoopback(c.bind)) {
            throw new ConfigException("RYNXS_API_AUTH", "none", "token or kubernetes when RYNXS_BIND is " + c.bind
                    + "; an unauthenticated API may only listen on loopback (127.0.0.1 or ::1)");
        }
        return c;
    }

    /** The log database inside the data directory. */
    public Path database() {
        return dataDir.resolve("events.db");
    }
}
