package io.rynxs.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rynxs.api.Readiness;
import io.rynxs.config.ConfigException;
import io.rynxs.config.RynxsConfig;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.operator.OperatorConfig;
import io.rynxs.operator.OperatorRuntime;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator loop of {@code rynxs serve}, when there is a cluster: in-cluster config, a kubeconfig, or
 * {@code --operator}. Without one, serve runs the log alone at epoch 0 and says so. With leader election,
 * the sink's hooks make a follower apply the bucket and a new leader catch up before it writes
 * (docs/operations.md, "High availability").
 */
final class Cluster implements AutoCloseable {
    private final KubernetesClient client;
    private final OperatorRuntime runtime;
    private final Supplier<String> followDetail;
    private final boolean forced;

    private Cluster(KubernetesClient client, OperatorRuntime runtime, Supplier<String> followDetail, boolean forced) {
        this.client = client;
        this.runtime = runtime;
        this.followDetail = followDetail;
        this.forced = forced;
    }

    /** {@code env} is the environment {@code config} was read from, for the variables the Kubernetes client reads itself. */
    static Cluster startIfPresent(RynxsConfig config, Map<String, String> env, EventStore store, StateHistory history,
                                  RynxsMetrics metrics, SinkSetup sink) {
        if (!config.operator() && !detected(env)) {
            if (config.replicas() > 1) {
                throw new ConfigException("RYNXS_REPLICAS", String.valueOf(config.replicas()), "1 when no Kubernetes cluster is found"
                        + " (no in-cluster config, no kubeconfig, no --operator): replicas elect their leader on a Lease");
            }
            return new Cluster(null, null, () -> "", false);
        }
        boolean force = config.operatorSection().forceLeader();
        OperatorConfig operatorConfig = OperatorConfig.of(config.operatorSection());
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            OperatorRuntime.Hooks hooks = operatorConfig.leaderElection() || force ? sink : OperatorRuntime.Hooks.NONE;
            return new Cluster(client, OperatorRuntime.start(client, store, history, operatorConfig, metrics, hooks, force),
                    sink::describeFollowing, force);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Leader election is on: the sink must not ship until this replica leads. */
    static boolean replicated(RynxsConfig config, Map<String, String> env) {
        boolean clusterFound = config.operator() || detected(env);
        return clusterFound && (config.operatorSection().leaderElection() || config.operatorSection().forceLeader());
    }

    /**
     * In-cluster service account, $KUBECONFIG, or ~/.kube/config: where the Kubernetes client finds its cluster. These
     * are the client's own variables, not settings of Rynxs, so they are looked at here and not in the configuration.
     */
    private static boolean detected(Map<String, String> env) {
        if (env.get("KUBERNETES_SERVICE_HOST") != null) {
            return true;
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            return true;
        }
        return Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
    }

    long epoch() {
        return runtime == null ? 0 : runtime.epoch();
    }

    /** Whether the API may append now: the only writer, or the leader. */
    boolean acceptsAppends() {
        return runtime == null || runtime.isLeader();
    }

    /** A fencing conflict: stop appending for good and follow. */
    void stepDown(String why) {
        if (runtime != null) {
            runtime.stepDown(why);
        }
    }

    Readiness readiness() {
        if (runtime == null) {
            return Readiness.ready("leader (no operator loop: this process is the only writer)");
        }
        if (runtime.isLeader()) {
            return Readiness.ready("role leader, epoch " + runtime.epoch() + (forced ? " (forced without the Lease: test only)" : ""));
        }
        String down = runtime.steppedDown();
        return Readiness.ready("role follower, " + followDetail.get()
                + (down == null ? "" : "; stepped down after a fencing conflict: " + down));
    }

    String describe() {
        return runtime == null ? "serving the log alone: no Kubernetes cluster found (no in-cluster config, no kubeconfig, no --operator)"
                : "operator loop running against " + client.getMasterUrl();
    }

    /** Stops reconciling and appending, keeping the Lease (the tail is shipped next, then {@link #close} releases it). */
    void stopWork() {
        if (runtime != null) {
            runtime.stopWork();
        }
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
            client.close();
        }
    }
}
