package io.rynxs.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rynxs.config.ConfigException;
import io.rynxs.config.RynxsConfig;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.operator.OperatorConfig;
import io.rynxs.operator.OperatorRuntime;
import io.rynxs.replication.Replica;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The operator loop of {@code rynxs serve}, when there is a cluster: in-cluster config, a kubeconfig, or
 * {@code --operator}. It is what tells the {@link Replica} its role: the operator's hooks make it lead (after a catch-up
 * from the bucket when elected) or follow, and a replica that steps down makes the operator step down too. Without a
 * cluster the replica writes alone at epoch 0, and serve says so (docs/ARCHITECTURE.md, High availability).
 */
final class Cluster implements AutoCloseable {
    private final KubernetesClient client;
    private final OperatorRuntime runtime;

    private Cluster(KubernetesClient client, OperatorRuntime runtime) {
        this.client = client;
        this.runtime = runtime;
    }

    /** {@code env} is the environment {@code config} was read from, for the variables the Kubernetes client reads itself. */
    static Cluster startIfPresent(RynxsConfig config, Map<String, String> env, EventStore store, StateHistory history,
                                  RynxsMetrics metrics, Replica replica) {
        if (!config.operator() && !detected(env)) {
            if (config.replicas() > 1) {
                throw new ConfigException("RYNXS_REPLICAS", String.valueOf(config.replicas()), "1 when no Kubernetes cluster is found"
                        + " (no in-cluster config, no kubeconfig, no --operator): replicas elect their leader on a Lease");
            }
            replica.writeAlone();
            return new Cluster(null, null);
        }
        OperatorConfig operatorConfig = OperatorConfig.of(config.operatorSection());
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            OperatorRuntime runtime = OperatorRuntime.start(client, store, history, operatorConfig, metrics, hooks(replica),
                    config.operatorSection().forceLeader());
            replica.whenSteppedDown(runtime::stepDown);
            return new Cluster(client, runtime);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * The replica as the operator's hooks. Without leader election the operator leads at once at the head's epoch (no
     * catch-up: nobody else writes), so the replica leads and ships from the start.
     */
    private static OperatorRuntime.Hooks hooks(Replica replica) {
        return new OperatorRuntime.Hooks() {
            @Override
            public void catchUp() {
                replica.catchUp();
            }

            @Override
            public void leading(long epoch) {
                replica.lead(epoch);
            }

            @Override
            public void following() {
                replica.follow();
            }
        };
    }

    /** Leader election is on: other replicas may write this log, so the replica must not ship until it leads. */
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
