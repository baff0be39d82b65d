package io.rynxs.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's keys of the configuration (names as in the Helm values), read and checked with the rest of it;
 * the CLI maps them onto the operator's own record.
 *
 * @param watchNamespaces {@code RYNXS_WATCH_NAMESPACES}, comma list; empty means all namespaces
 * @param leaderElection {@code RYNXS_LEADER_ELECTION_ENABLED}: campaign for a Lease (default false)
 * @param leaseName {@code RYNXS_LEADER_ELECTION_LEASE_NAME} (default rynxs-operator)
 * @param leaseNamespace {@code RYNXS_LEADER_ELECTION_LEASE_NAMESPACE} (default POD_NAMESPACE, else default)
 * @param identity {@code RYNXS_LEADER_ELECTION_IDENTITY} (default POD_NAME, else HOSTNAME, else a random id)
 * @param leaseDuration {@code RYNXS_LEADER_ELECTION_LEASE_DURATION} (default 15s)
 * @param renewDeadline {@code RYNXS_LEADER_ELECTION_RENEW_DEADLINE} (default 10s, below the lease duration)
 * @param retryPeriod {@code RYNXS_LEADER_ELECTION_RETRY_PERIOD} (default 2s, below the renew deadline)
 * @param resyncPeriod {@code RYNXS_RESYNC_PERIOD}: every object is reconciled again this often (default 10m)
 * @param workers {@code RYNXS_RECONCILE_WORKERS}: reconciles in parallel, never two for one object (default 2)
 * @param backoffBase {@code RYNXS_RECONCILE_BACKOFF_BASE}: first retry delay after a failure (default 1s)
 * @param backoffCap {@code RYNXS_RECONCILE_BACKOFF_CAP}: the doubling delay stops here (default 5m)
 * @param forceLeader {@code RYNXS_TEST_FORCE_LEADER}: tests only, lead at once without the Lease (default false)
 */
public record OperatorSection(List<String> watchNamespaces, boolean leaderElection, String leaseName, String leaseNamespace,
                              String identity, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                              Duration resyncPeriod, int workers, Duration backoffBase, Duration backoffCap, boolean forceLeader) {

    public OperatorSection {
        watchNamespaces = List.copyOf(watchNamespaces);
    }

    /** The operator's keys alone, for commands that run the operator loop without the rest of {@code serve}. */
    public static OperatorSection load(Map<String, String> env) {
        return read(new Settings(Map.of(), env));
    }

    static OperatorSection read(Settings s) {
        boolean leaderElection = s.bool("RYNXS_LEADER_ELECTION_ENABLED", false);
        Duration lease = s.duration("RYNXS_LEADER_ELECTION_LEASE_DURATION", Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofHours(1));
        Duration renew = s.duration("RYNXS_LEADER_ELECTION_RENEW_DEADLINE", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1));
        Duration retry = s.duration("RYNXS_LEADER_ELECTION_RETRY_PERIOD", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofHours(1));
        if (leaderElection && renew.compareTo(lease) >= 0) {
            throw new ConfigException("RYNXS_LEADER_ELECTION_RENEW_DEADLINE", s.shown("RYNXS_LEADER_ELECTION_RENEW_DEADLINE", renew),
                    "less than RYNXS_LEADER_ELECTION_LEASE_DURATION, " + Settings.human(lease)
                            + ": a leader that cannot renew in time loses the Lease while it still writes");
        }
        if (leaderElection && retry.compareTo(renew) >= 0) {
            throw new ConfigException("RYNXS_LEADER_ELECTION_RETRY_PERIOD", s.shown("RYNXS_LEADER_ELECTION_RETRY_PERIOD", retry),
                    "less than RYNXS_LEADER_ELECTION_RENEW_DEADLINE, " + Settings.human(renew) + ": the leader retries renewing within the deadline");
        }
        Duration base = s.duration("RYNXS_RECONCILE_BACKOFF_BASE", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofHours(1));
        Duration cap = s.duration("RYNXS_RECONCILE_BACKOFF_CAP", Duration.ofMinutes(5), Duration.ofMillis(1), Duration.ofHours(24));
        if (cap.compareTo(base) < 0) {
            throw new ConfigException("RYNXS_RECONCILE_BACKOFF_CAP", s.shown("RYNXS_RECONCILE_BACKOFF_CAP", cap),
                    "at least RYNXS_RECONCILE_BACKOFF_BASE, " + Settings.human(base));
        }
        String identity = s.string("RYNXS_LEADER_ELECTION_IDENTITY", s.string("POD_NAME", s.string("HOSTNAME", null)));
        return new OperatorSection(
                s.list("RYNXS_WATCH_NAMESPACES"),
                leaderElection,
                s.string("RYNXS_LEADER_ELECTION_LEASE_NAME", "rynxs-operator"),
                s.string("RYNXS_LEADER_ELECTION_LEASE_NAMESPACE", s.string("POD_NAMESPACE", "default")),
                identity == null ? "rynxs-" + UUID.randomUUID() : identity,
                lease,
                renew,
                retry,
                s.duration("RYNXS_RESYNC_PERIOD", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofHours(24)),
                s.integer("RYNXS_RECONCILE_WORKERS", 2, 1, 64),
                base,
                cap,
                s.bool("RYNXS_TEST_FORCE_LEADER", false));
    }
}
