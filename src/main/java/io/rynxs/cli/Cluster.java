package io.rynxs.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rynxs.api.Readiness;
import io.rynxs.config.RynxsConfig;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.operator.OperatorConfig;
import io.rynxs.operator.OperatorRuntime;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator loop of {@code rynxs serve}, when there is a cluster: in-cluster config, a kubeconfig, or
 * {@code --operator}. Without one, serve runs the log alone at epoch 0 and says so.
 */
final class Cluster implements AutoCloseable {
    private final KubernetesClient client;
    private final OperatorRuntime runtime;

    private Cluster(KubernetesClient client, OperatorRuntime runtime) {
        this.client = client;
        this.runtime = runtime;
    }

    static Cluster startIfPresent(RynxsConfig config, EventStore store, StateHistory history, RynxsMetrics metrics) {
        if (!config.operator() && !detected()) {
            return new Cluster(null, null);
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            return new Cluster(client, OperatorRuntime.start(client, store, history, OperatorConfig.fromEnv(System.getenv()), metrics));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** In-cluster service account, $KUBECONFIG, or ~/.kube/config. */
    private static boolean detected() {
        if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
            return true;
        }
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            return true;
        }
        return Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
    }

    long epoch() {
        return runtime == null ? 0 : runtime.epoch();
    }

    Readiness readiness() {
        if (runtime == null) {
            return Readiness.ready("leader (no operator loop: this process is the only writer)");
        }
        return runtime.isLeader() ? Readiness.ready("leader at epoch " + runtime.epoch()) : Readiness.ready("follower");
    }

    String describe() {
        return runtime == null ? "serving the log alone: no Kubernetes cluster found (no in-cluster config, no kubeconfig, no --operator)"
                : "operator loop running against " + client.getMasterUrl();
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
            client.close();
        }
    }
}
