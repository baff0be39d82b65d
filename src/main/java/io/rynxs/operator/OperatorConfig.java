package io.rynxs.operator;

import io.rynxs.config.OperatorSection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator's settings: those of {@link OperatorSection}, where each key, default and range is documented, with
 * the two backoff durations as one {@link Backoff} (its test-only {@code forceLeader} goes to
 * {@code OperatorRuntime.start} instead). {@code rynxs serve} reads and checks the keys with the rest of its
 * configuration; this record keeps the invariants for any other caller.
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

    /** Defaults: all namespaces, no leader election, 10m resync, 2 workers (the defaults of {@link OperatorSection}). */
    public static OperatorConfig defaults() {
        return of(OperatorSection.load(Map.of()));
    }

    /** The operator's section of the configuration, already checked key by key. */
    public static OperatorConfig of(OperatorSection s) {
        return new OperatorConfig(s.watchNamespaces(), s.leaderElection(), s.leaseName(), s.leaseNamespace(), s.identity(),
                s.leaseDuration(), s.renewDeadline(), s.retryPeriod(), s.resyncPeriod(), s.workers(),
                new Backoff(s.backoffBase(), s.backoffCap()));
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
}
