package io.rynxs.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.state.KnownEventType;
import io.rynxs.state.State;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as {@code rynxs serve} runs it: {@link #start} and {@link #close}. Without leader election
 * this process is the only writer and reconciles at once, at the head's epoch. With it, a fabric8
 * {@link LeaderElector} on a Lease decides: on acquiring, the epoch becomes the Lease's
 * {@code leaseTransitions}, a {@code LeaderElected} event is appended and the loop starts; on losing, the
 * loop stops. The API must append at {@link #epoch()} too, or the store fences its appends.
 */
public final class OperatorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final OperatorMetrics metrics;
    private final OperatorLog log;
    private final ExecutorService electorThread;
    private CompletableFuture<?> election;
    private OperatorLoop loop;
    private volatile boolean leading;

    private OperatorRuntime(KubernetesClient client, EventStore store, StateHistory history, OperatorConfig config,
                            OperatorMetrics metrics) {
        this.client = client;
        this.config = config;
        this.metrics = metrics;
        this.log = new OperatorLog(store, history, store.head().epoch());
        this.electorThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rynxs-leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts reconciling (or campaigning for the Lease). The client, store and history stay owned by the
     * caller; {@link #close} stops this runtime only.
     */
    public static OperatorRuntime start(KubernetesClient client, EventStore store, StateHistory history, OperatorConfig config,
                                        OperatorMetrics metrics) {
        OperatorRuntime r = new OperatorRuntime(client, store, history, config, metrics);
        if (config.leaderElection()) {
            metrics.leader(false);
            r.campaign();
        } else {
            r.lead(r.log.epoch(), false);
        }
        return r;
    }

    /** True while this replica leads (always, without leader election). */
    public boolean isLeader() {
        return leading;
    }

    /** The epoch this replica appends at; pass it to the API ({@code ApiDeps.withEpoch(runtime::epoch)}). */
    public long epoch() {
        return log.epoch();
    }

    /** The state the operator decides on, caught up to the head. */
    public State state() {
        return log.state();
    }

    private void campaign() {
        LeaderElector elector = new LeaderElector(client, new LeaderElectionConfigBuilder()
                .withName(config.leaseName())
                .withLock(new LeaseLock(config.leaseNamespace(), config.leaseName(), config.identity()))
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.renewDeadline())
                .withRetryPeriod(config.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::acquired, this::lost,
                        id -> LOG.info("leader election: {} leads lease {}/{}", id, config.leaseNamespace(), config.leaseName())))
                .build(), electorThread);
        election = elector.start();
    }

    private void acquired() {
        Lease lease = client.leases().inNamespace(config.leaseNamespace()).withName(config.leaseName()).get();
        Integer transitions = lease == null || lease.getSpec() == null ? null : lease.getSpec().getLeaseTransitions();
        metrics.leaderTransition();
        lead(transitions == null ? 0 : transitions, true);
    }

    private synchronized void lead(long epoch, boolean elected) {
        log.epoch(epoch);
        if (elected) {
            State s = log.state();
            Map<String, Object> previous = new LinkedHashMap<>();
            previous.put("hash", s.head().hash());
            previous.put("seq", s.seq());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("epoch", epoch);
            p.put("identity", config.identity());
            p.put("previousHead", previous);
            try {
                log.append(new NewEvent(KnownEventType.LeaderElected.name(), KnownEventType.OPERATOR_AGGREGATE, CanonicalJson.of(p), null));
            } catch (StoreException e) {
                LOG.error("leader election: {} won the lease at epoch {} but the log refuses it: {} (not reconciling)",
                        config.identity(), epoch, e.getMessage());
                return;
            }
        }
        loop = new OperatorLoop(client, config, log, metrics).start();
        leading = true;
        metrics.leader(true);
        LOG.info("operator: reconciling Agents and Sessions in {} as {} at epoch {}, head seq {}",
                config.watchNamespaces().isEmpty() ? "all namespaces" : String.join(",", config.watchNamespaces()),
                config.identity(), epoch, log.state().seq());
    }

    private synchronized void lost() {
        if (!leading && loop == null) {
            return;
        }
        leading = false;
        metrics.leader(false);
        if (loop != null) {
            loop.close();
            loop = null;
        }
        LOG.info("operator: {} stopped leading; no longer reconciling", config.identity());
    }

    /** Stops reconciling (reconciles in flight finish), releases the Lease if held. Idempotent. */
    @Override
    public void close() {
        if (election != null) {
            election.cancel(true);
        }
        lost();
        electorThread.shutdownNow();
    }
}
