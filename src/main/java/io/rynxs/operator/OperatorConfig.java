package io.rynxs.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's settings, read once from {@code RYNXS_*} variables (names as in the Helm values):
 *
 * @param watchNamespaces {@code RYNXS_WATCH_NAMESPACES}, comma list; empty means all namespaces
 * @param leaderElection {@code RYNXS_LEADER_ELECTION_ENABLED} (default false: the only writer, epoch of the head)
 * @param leaseName {@code RYNXS_LEADER_ELECTION_LEASE_NAME} (default rynxs-operator)
 * @param leaseNamespace {@code RYNXS_LEADER_ELECTION_LEASE_NAMESPACE} (default POD_NAMESPACE, else default)
 * @param identity {@code RYNXS_LEADER_ELECTION_IDENTITY} (default POD_NAME, else HOSTNAME, else a random id)
 * @param leaseDuration {@code RYNXS_LEADER_ELECTION_LEASE_DURATION} (default 15s)
 * @param renewDeadline {@code RYNXS_LEADER_ELECTION_RENEW_DEADLINE} (default 10s, below the lease duration)
 * @param retryPeriod {@code RYNXS_LEADER_ELECTION_RETRY_PERIOD} (default 2s, below the renew deadline)
 * @param resyncPeriod {@code RYNXS_RESYNC_PERIOD}: every object is reconciled again this often (default 10m)
 * @param workers {@code RYNXS_RECONCILE_WORKERS}: reconciles in parallel, never two for one object (default 2)
 * @param backoff {@code RYNXS_RECONCILE_BACKOFF_BASE} / {@code _CAP}: retry delays after a failure (1s doubling to 5m)
 */
public record OperatorConfig(List<String> watchNamespaces, boolean leaderElection, String leaseName, String leaseNamespace,
                             String identity, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                             Duration resyncPeriod, int workers, Backoff backoff) {

    public OperatorConfig {
        watchNamespaces = List.copyOf(watchNamespaces);
        if (leaderElection && !(retryPeriod.compareTo(renewDeadline) < 0 && renewDeadline.compareTo(leaseDuration) < 0)) {
            throw new IllegalArgumentException("RYNXS_LEADER_ELECTION_*: need retry period " + retryPeriod + " < renew deadline "
                    + renewDeadline + " < lease duration " + leaseDuration + " (e.g. 2s, 10s, 15s)");
        }
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("RYNXS_RECONCILE_WORKERS " + workers + " is outside 1..64");
        }
    }

    /** Defaults: all namespaces, no leader election, 10m resync, 2 workers. */
    public static OperatorConfig defaults() {
        return fromEnv(Map.of());
    }

    public static OperatorConfig fromEnv(Map<String, String> env) {
        String ns = env.getOrDefault("RYNXS_WATCH_NAMESPACES", "").trim();
        List<String> namespaces = ns.isEmpty() ? List.of() : Arrays.stream(ns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String identity = first(env, "RYNXS_LEADER_ELECTION_IDENTITY", "POD_NAME", "HOSTNAME");
        return new OperatorConfig(namespaces,
                Boolean.parseBoolean(env.getOrDefault("RYNXS_LEADER_ELECTION_ENABLED", "false").trim()),
                env.getOrDefault("RYNXS_LEADER_ELECTION_LEASE_NAME", "rynxs-operator"),
                first(env, "RYNXS_LEADER_ELECTION_LEASE_NAMESPACE", "POD_NAMESPACE") == null ? "default"
                        : first(env, "RYNXS_LEADER_ELECTION_LEASE_NAMESPACE", "POD_NAMESPACE"),
                identity == null ? "rynxs-" + UUID.randomUUID() : identity,
                duration(env, "RYNXS_LEADER_ELECTION_LEASE_DURATION", "15s"),
                duration(env, "RYNXS_LEADER_ELECTION_RENEW_DEADLINE", "10s"),
                duration(env, "RYNXS_LEADER_ELECTION_RETRY_PERIOD", "2s"),
                duration(env, "RYNXS_RESYNC_PERIOD", "10m"),
                Integer.parseInt(env.getOrDefault("RYNXS_RECONCILE_WORKERS", "2").trim()),
                new Backoff(duration(env, "RYNXS_RECONCILE_BACKOFF_BASE", "1s"), duration(env, "RYNXS_RECONCILE_BACKOFF_CAP", "5m")));
    }

    public OperatorConfig withWatchNamespaces(List<String> namespaces) {
        return new OperatorConfig(namespaces, leaderElection, leaseName, leaseNamespace, identity, leaseDuration, renewDeadline,
                retryPeriod, resyncPeriod, workers, backoff);
    }

    public OperatorConfig withLeaderElection(String name, String namespace, String id, Duration lease, Duration renew, Duration retry) {
        return new OperatorConfig(watchNamespaces, true, name, namespace, id, lease, renew, retry, resyncPeriod, workers, backoff);
    }

    public OperatorConfig withBackoff(Backoff b) {
        return new OperatorConfig(watchNamespaces, leaderElection, leaseName, leaseNamespace, identity, leaseDuration, renewDeadline,
                retryPeriod, resyncPeriod, workers, b);
    }

    private static String first(Map<String, String> env, String... keys) {
        for (String k : keys) {
            String v = env.get(k);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    static Duration duration(Map<String, String> env, String key, String dflt) {
        String v = env.getOrDefault(key, dflt).trim();
        return io.rynxs.config.Durations.parse(v).orElseThrow(() -> new IllegalArgumentException(
                key + " \"" + v + "\" is not a duration (use a number with ms, s, m or h, e.g. 15s)"));
    }
}
