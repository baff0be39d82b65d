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
    private final StateHistory history;
    private final Hooks hooks;
    private final ExecutorService electorThread;
    private volatile String steppedDown;
    private CompletableFuture<?> election;
    private OperatorLoop loop;
    private volatile boolean leading;

    /**
     * What the serve command plugs around leadership, its replica (docs/DESIGN.md, High availability): catch up
     * from the bucket before the {@code LeaderElected} event, start shipping when leading, follow the bucket
     * otherwise. Called on the leader-election thread (on the caller's by {@link #start}), under this runtime's lock.
     */
    public interface Hooks {
        Hooks NONE = new Hooks() {};

        /** Before {@code LeaderElected} is appended; throwing refuses to lead (the Lease is released, the campaign goes on). */
        default void catchUp() {}

        /** This replica now appends at {@code epoch}. */
        default void leading(long epoch) {}

        /** This replica no longer appends (also called once at start when campaigning). */
        default void following() {}
    }

    private OperatorRuntime(KubernetesClient client, EventStore store, StateHistory history, OperatorConfig config,
                            OperatorMetrics metrics, Hooks hooks) {
        this.client = client;
        this.history = history;
        this.hooks = hooks;
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
        return start(client, store, history, config, metrics, Hooks.NONE, false);
    }

    /**
     * As {@link #start(KubernetesClient, EventStore, StateHistory, OperatorConfig, OperatorMetrics)}, with the
     * serve command's hooks. {@code forceLeader} (tests only: {@code RYNXS_TEST_FORCE_LEADER}) leads at once
     * without the Lease, at the head's epoch, as a split-brained process would.
     */
    public static OperatorRuntime start(KubernetesClient client, EventStore store, StateHistory history, OperatorConfig config,
                                        OperatorMetrics metrics, Hooks hooks, boolean forceLeader) {
        OperatorRuntime r = new OperatorRuntime(client, store, history, config, metrics, hooks);
        if (forceLeader) {
            LOG.warn("operator: {} leads WITHOUT the Lease (RYNXS_TEST_FORCE_LEADER, a test of split brain; never in production)",
                    config.identity());
            r.lead(store.head().epoch(), true);
        } else if (config.leaderElection()) {
            metrics.leader(false);
            hooks.following();
            r.campaign();
        } else {
            r.lead(r.log.epoch(), false);
        }
        return r;
    }

    /**
     * Stops appending for good after a fencing conflict (docs/DESIGN.md, High availability): the operator loop
     * stops, the Lease is released if held and this process does not campaign again; it follows the bucket until
     * restarted.
     */
    public void stepDown(String why) {
        synchronized (this) {
            if (steppedDown != null) {
                return;
            }
            steppedDown = why;
        }
        LOG.error("operator: {} steps down and will not lead again until restarted: {}", config.identity(), why);
        if (election != null) {
            election.cancel(true);
        }
        lost();
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
        if (steppedDown != null) {
            LOG.warn("operator: {} acquired the lease but stepped down earlier ({}); not leading", config.identity(), steppedDown);
            return;
        }
        if (elected) {
            try {
                hooks.catchUp();
            } catch (RuntimeException e) {
                LOG.error("leader election: {} won the lease at epoch {} but could not catch up from the bucket: {} (not leading)",
                        config.identity(), epoch, e.getMessage());
                if (election != null) {
                    election.cancel(true);
                    campaignAgain();
                }
                return;
            }
            log.resync(history);
        }
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
        hooks.leading(epoch);
        loop = new OperatorLoop(client, config, log, metrics).start();
        leading = true;
        metrics.leader(true);
        LOG.info("operator: reconciling Agents and Sessions in {} as {} at epoch {}, head seq {}",
                config.watchNamespaces().isEmpty() ? "all namespaces" : String.join(",", config.watchNamespaces()),
                config.identity(), epoch, log.state().seq());
    }

    private void campaignAgain() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(config.retryPeriod().toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (steppedDown == null && !electorThread.isShutdown()) {
                campaign();
            }
        }, "rynxs-campaign-again");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void lost() {
        if (!leading && loop == null) {
            return;
        }
        leading = false;
        hooks.following();
        metrics.leader(false);
        if (loop != null) {
            loop.close();
            loop = null;
        }
        LOG.info("operator: {} stopped leading; no longer reconciling", config.identity());
    }

    /**
     * Shutdown, first half (docs/DESIGN.md, High availability): stops reconciling and appending but keeps the
     * Lease, so that the tail can be sealed and shipped before {@link #close} releases it to the next leader.
     */
    public synchronized void stopWork() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
        if (leading) {
            leading = false;
            metrics.leader(false);
            LOG.info("operator: {} stops reconciling for shutdown; the Lease is released once the tail is shipped", config.identity());
        }
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
