package io.rynxs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime as serve starts it: Lease acquired, LeaderElected at the Lease's epoch, informers and workers reconcile. */
@EnableKubernetesMockClient(crud = true)
class OperatorRuntimeIT {
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void the_leader_records_its_election_then_reconciles_what_the_informers_see() {
        try (MockCluster cluster = new MockCluster(client, dir)) {
            List<Boolean> leaderHook = new ArrayList<>();
            OperatorMetrics metrics = new OperatorMetrics() {
                @Override
                public synchronized void leader(boolean leads) {
                    leaderHook.add(leads);
                }
            };
            OperatorConfig config = OperatorConfig.defaults().withWatchNamespaces(List.of("default"))
                    .withLeaderElection("rynxs-operator", "default", "replica-a", Duration.ofSeconds(4), Duration.ofSeconds(3),
                            Duration.ofMillis(500));
            OperatorRuntime runtime = OperatorRuntime.start(client, cluster.store, cluster.history, config, metrics);
            try {
                await().atMost(Duration.ofSeconds(60)).until(runtime::isLeader);
                cluster.apply("agent-basic.yaml");
                cluster.apply("session.yaml");
                await().atMost(Duration.ofSeconds(60)).until(() -> cluster.store.head().seq() >= 8);
                List<String> events = cluster.newEvents();
                assertThat(events.get(0)).isEqualTo("LeaderElected");
                assertThat(events).contains("AgentObserved", "ActionsDecided", "SessionObserved");
                assertThat(cluster.store.head().epoch()).isEqualTo(runtime.epoch());
            } finally {
                runtime.close();
            }
            assertThat(runtime.isLeader()).isFalse();
            assertThat(leaderHook).startsWith(false, true).endsWith(false);
        }
    }
}
