package io.rynxs.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rynxs.decision.DecisionReplay;
import io.rynxs.decision.Desired;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's loop (docs/DESIGN.md, The operator) end to end on the fabric8 mock API server in CRUD mode: the log after each step is exactly what it should be. */
@EnableKubernetesMockClient(crud = true)
class AgentLifecycleIT {
    static final String KEY = "default/agent-basic";

    KubernetesClient client;

    @TempDir
    Path dir;

    MockCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster(client, dir);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void create_noop_update_role_change_and_delete_each_append_exactly_the_expected_events() {
        AgentReconciler agents = cluster.agents();
        GenericKubernetesResource created = cluster.apply("agent-basic.yaml");

        assertThat(agents.reconcile(KEY)).isEqualTo(Reconciler.Outcome.DONE);
        assertThat(cluster.newEvents()).containsExactly("AgentObserved", "ActionsDecided",
                "ActionApplied ConfigMap created", "ActionApplied PersistentVolumeClaim created",
                "ActionApplied Deployment created", "ActionApplied NetworkPolicy created");
        assertOwned(created);
        assertThat(egress()).isEmpty();
        Map<String, Object> status = AgentStatusWriter.status(cluster.agent("default", "agent-basic"));
        assertThat(status).containsEntry("phase", "Ready").containsKey("stateHash");
        assertThat(((Number) status.get("lastEventSeq")).longValue()).isEqualTo(6);

        agents.reconcile(KEY);
        assertThat(cluster.newEvents()).as("a resync of an unchanged Agent appends nothing").isEmpty();

        client.genericKubernetesResources(AgentResources.AGENTS).inNamespace("default").withName("agent-basic").edit(a -> {
            spec(a).put("image", Map.of("repository", "ghcr.io/rynxs/agent-runtime", "tag", "v0.2.0"));
            return a;
        });
        agents.reconcile(KEY);
        assertThat(cluster.newEvents()).containsExactly("AgentObserved", "ActionsDecided",
                "ActionApplied ConfigMap updated", "ActionApplied PersistentVolumeClaim unchanged",
                "ActionApplied Deployment updated", "ActionApplied NetworkPolicy unchanged");
        assertThat(client.apps().deployments().inNamespace("default").withName("agent-basic-runtime").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("ghcr.io/rynxs/agent-runtime:v0.2.0");

        client.genericKubernetesResources(AgentResources.AGENTS).inNamespace("default").withName("agent-basic").edit(a -> {
            spec(a).put("role", "manager");
            return a;
        });
        agents.reconcile(KEY);
        assertThat(cluster.newEvents()).containsExactly("AgentObserved", "ActionsDecided",
                "ActionApplied ConfigMap updated", "ActionApplied PersistentVolumeClaim unchanged",
                "ActionApplied Deployment updated", "ActionApplied NetworkPolicy updated");
        assertThat(egress()).as("a manager may reach out").hasSize(1);
        agents.reconcile(KEY);
        assertThat(cluster.newEvents()).isEmpty();

        client.genericKubernetesResources(AgentResources.AGENTS).inNamespace("default").withName("agent-basic").delete();
        agents.reconcile(KEY);
        assertThat(cluster.newEvents()).containsExactly("AgentDeleted");
        // The mock has no garbage collector: what deletes the objects on a real cluster is their owner reference.
        assertOwned(created);
        agents.reconcile(KEY);
        assertThat(cluster.newEvents()).isEmpty();

        DecisionReplay.Report replay = DecisionReplay.check(cluster.all().iterator());
        assertThat(replay.decisions()).isEqualTo(3);
        assertThat(replay.mismatches()).isEmpty();
    }

    @Test
    void each_example_agent_and_the_session_reconcile_to_ready_or_recorded() {
        for (String f : List.of("agent-basic.yaml", "agent-worker.yaml", "agent-manager.yaml", "agent-director.yaml")) {
            GenericKubernetesResource a = cluster.apply(f);
            cluster.agents().reconcile(a.getMetadata().getNamespace() + "/" + a.getMetadata().getName());
            assertThat(AgentStatusWriter.status(cluster.agent(a.getMetadata().getNamespace(), a.getMetadata().getName())))
                    .as(f).containsEntry("phase", "Ready");
        }
        assertThat(client.apps().deployments().inNamespace("default").withName("director-1-runtime").get()
                .getSpec().getTemplate().getSpec().getRuntimeClassName()).isEqualTo("gvisor");
        cluster.newEvents();
        GenericKubernetesResource session = cluster.apply("session.yaml");
        SessionReconciler sessions = cluster.sessions();
        sessions.reconcile(session.getMetadata().getName());
        sessions.reconcile(session.getMetadata().getName());
        assertThat(cluster.newEvents()).containsExactly("SessionObserved");
        client.resource(session).delete();
        sessions.reconcile(session.getMetadata().getName());
        assertThat(cluster.newEvents()).containsExactly("SessionDeleted");
    }

    private void assertOwned(GenericKubernetesResource agent) {
        List<HasMetadata> owned = List.of(
                client.configMaps().inNamespace("default").withName("agent-basic-spec").get(),
                client.persistentVolumeClaims().inNamespace("default").withName("agent-basic-workspace").get(),
                client.apps().deployments().inNamespace("default").withName("agent-basic-runtime").get(),
                client.network().v1().networkPolicies().inNamespace("default").withName("agent-basic-egress").get());
        for (HasMetadata o : owned) {
            assertThat(o).as("owned object").isNotNull();
            assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
                assertThat(r.getUid()).isEqualTo(agent.getMetadata().getUid());
                assertThat(r.getKind()).isEqualTo("Agent");
                assertThat(r.getController()).isTrue();
            });
            assertThat(o.getMetadata().getAnnotations()).containsKey(Desired.HASH_ANNOTATION);
            assertThat(o.getMetadata().getLabels()).containsEntry("rynxs.io/agent", "agent-basic");
        }
        Deployment d = (Deployment) owned.get(2);
        var c = d.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext();
        assertThat(c.getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(((ConfigMap) owned.get(0)).getData()).containsKey("agent.json");
        assertThat(((PersistentVolumeClaim) owned.get(1)).getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    }

    private List<?> egress() {
        NetworkPolicy np = client.network().v1().networkPolicies().inNamespace("default").withName("agent-basic-egress").get();
        assertThat(np.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(np.getSpec().getPodSelector().getMatchLabels()).containsEntry("rynxs.io/agent", "agent-basic");
        return np.getSpec().getEgress() == null ? List.of() : np.getSpec().getEgress();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource a) {
        return (Map<String, Object>) a.getAdditionalProperties().get("spec");
    }
}
