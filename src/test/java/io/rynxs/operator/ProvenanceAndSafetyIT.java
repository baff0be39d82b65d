package io.rynxs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.decision.AgentNormalizer;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.merkle.ProofException;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.FencedException;
import io.rynxs.store.Provenance;
import io.rynxs.store.ProvenanceReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provenance with verified proofs, restart safety, fencing and bad input, on the CRUD mock. */
@EnableKubernetesMockClient(crud = true)
class ProvenanceAndSafetyIT {
    KubernetesClient client;
    KubernetesMockServer server;

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
    void every_owned_object_is_explained_after_create_update_and_role_change_and_the_proofs_verify() {
        Provenance provenance = new Provenance(cluster.store, new Checkpoints(cluster.store, cluster.history, Clock.systemUTC()));
        Checkpoints checkpoints = new Checkpoints(cluster.store, cluster.history, Clock.systemUTC());
        Ed25519Signer signer = Ed25519Signer.generate("rynxs.test/log");
        cluster.apply("agent-basic.yaml");
        cluster.agents().reconcile(AgentLifecycleIT.KEY);
        checkpoints.create(signer);
        assertExplained(provenance, "Deployment", "agent-basic-runtime", true);
        edit(Map.of("image", Map.of("repository", "r", "tag", "2")));
        assertExplained(provenance, "Deployment", "agent-basic-runtime", false);
        edit(Map.of("role", "director"));
        checkpoints.create(signer);
        for (String[] o : new String[][] {{"ConfigMap", "agent-basic-spec"}, {"PersistentVolumeClaim", "agent-basic-workspace"},
                {"Deployment", "agent-basic-runtime"}, {"NetworkPolicy", "agent-basic-egress"}}) {
            assertExplained(provenance, o[0], o[1], true);
        }
        // The workspace never changed: its current form comes from the first decision, triggered by the first observation.
        ProvenanceReport pvc = provenance.explain("PersistentVolumeClaim", "default", "agent-basic-workspace").orElseThrow();
        assertThat(pvc.chain().get(0).event().payload().toMap()).containsEntry("result", "created");
        assertThat(pvc.chain().get(2).event().seq()).isEqualTo(1);
        ProvenanceReport np = provenance.explain("NetworkPolicy", "default", "agent-basic-egress").orElseThrow();
        assertThat(np.chain().get(2).event().payload().text()).contains("\"role\":\"director\"");
        ProvenanceReport agent = provenance.explain("Agent", "default", "agent-basic").orElseThrow();
        assertThat(agent.chain()).extracting(l -> l.event().type()).startsWith("AgentObserved", "ActionsDecided").hasSize(6);
        assertThat(provenance.explain("Deployment", "default", "nobody-runtime")).isEmpty();
        assertThat(provenance.explain("Deployment", "default", "agent-basic-spec")).isEmpty();
    }

    private void assertExplained(Provenance provenance, String kind, String name, boolean checkpoint) {
        ProvenanceReport r = provenance.explain(kind, "default", name).orElseThrow();
        assertThat(r.chain()).extracting(l -> l.event().type()).containsExactly("ActionApplied", "ActionsDecided", "AgentObserved");
        assertThat(r.anchor().checkpoint()).isEqualTo(checkpoint);
        Hash32 root = Hash32.fromHex(r.anchor().root());
        for (ProvenanceReport.Link l : r.chain()) {
            assertThat(l.event().computeHash()).isEqualTo(l.event().hash());
            try {
                l.proof().verify(new Hash32(MerkleHasher.leafHash(l.event().hashBytes())), root);
            } catch (ProofException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(r.chain().get(0).event().payload().toMap()).containsEntry("kind", kind).containsEntry("name", name);
    }

    private void edit(Map<String, Object> changes) {
        client.genericKubernetesResources(AgentResources.AGENTS).inNamespace("default").withName("agent-basic").edit(a -> {
            AgentLifecycleIT.spec(a).putAll(changes);
            return a;
        });
        cluster.agents().reconcile(AgentLifecycleIT.KEY);
    }

    @Test
    void a_restart_after_observing_or_midway_through_executing_converges_without_a_second_decision() {
        cluster.apply("agent-basic.yaml");
        // Crash 1: the observation is durable, the decision is not.
        var a = cluster.agent("default", "agent-basic");
        cluster.log.append(AgentNormalizer.normalize("default", "agent-basic", a.getMetadata().getGeneration(),
                a.getMetadata().getLabels(), AgentLifecycleIT.spec(a)).event());
        cluster.newEvents();
        cluster.log = new OperatorLog(cluster.store, cluster.history, 0); // a new process reads the state from the log
        cluster.agents().reconcile(AgentLifecycleIT.KEY);
        assertThat(cluster.newEvents()).containsExactly("ActionsDecided", "ActionApplied ConfigMap created",
                "ActionApplied PersistentVolumeClaim created", "ActionApplied Deployment created", "ActionApplied NetworkPolicy created");
        // Crash 2: the Deployment was deleted and the process restarted: only what is missing is redone.
        client.apps().deployments().inNamespace("default").withName("agent-basic-runtime").delete();
        cluster.log = new OperatorLog(cluster.store, cluster.history, 0);
        cluster.agents().reconcile(AgentLifecycleIT.KEY);
        assertThat(cluster.newEvents()).containsExactly("ActionApplied Deployment created");
        cluster.agents().reconcile(AgentLifecycleIT.KEY);
        assertThat(cluster.newEvents()).isEmpty();
    }

    @Test
    void an_append_below_the_heads_epoch_is_refused_by_the_store() {
        cluster.store.append(AppendRequest.of(new NewEvent("LeaderElected", "operator",
                CanonicalJson.of(Map.of("identity", "b", "epoch", 3, "previousHead", Map.of("seq", 0, "hash", "0".repeat(64)))), null), 3));
        OperatorLog deposed = new OperatorLog(cluster.store, cluster.history, 2);
        cluster.apply("agent-basic.yaml");
        AgentReconciler agents = new AgentReconciler(k -> cluster.agent("default", "agent-basic"), deposed, new ObjectApplier(client),
                new AgentStatusWriter(client, Clock.systemUTC()), OperatorMetrics.NONE);
        assertThatThrownBy(() -> agents.reconcile(AgentLifecycleIT.KEY)).isInstanceOf(FencedException.class);
        assertThat(cluster.store.head().seq()).isEqualTo(1);
        assertThat(client.configMaps().inNamespace("default").withName("agent-basic-spec").get()).as("nothing executed").isNull();
    }

    @Test
    void an_unknown_role_or_an_untagged_image_ends_in_a_status_condition_without_events_or_retries() {
        cluster.apply("agent-basic.yaml");
        client.genericKubernetesResources(AgentResources.AGENTS).inNamespace("default").withName("agent-basic").edit(a -> {
            AgentLifecycleIT.spec(a).put("role", "admin");
            return a;
        });
        assertThat(cluster.agents().reconcile(AgentLifecycleIT.KEY)).isEqualTo(Reconciler.Outcome.DONE);
        assertThat(cluster.newEvents()).isEmpty();
        Map<String, Object> status = AgentStatusWriter.status(cluster.agent("default", "agent-basic"));
        assertThat(status).containsEntry("phase", "Failed");
        assertThat(status.get("conditions").toString()).contains("InvalidSpec", "spec.role");

        client.genericKubernetesResources(AgentResources.AGENTS).inNamespace("default").withName("agent-basic").edit(a -> {
            AgentLifecycleIT.spec(a).put("role", "worker");
            AgentLifecycleIT.spec(a).put("image", Map.of("repository", "busybox"));
            return a;
        });
        assertThat(cluster.agents().reconcile(AgentLifecycleIT.KEY)).isEqualTo(Reconciler.Outcome.DONE);
        assertThat(cluster.newEvents()).isEmpty();
        assertThat(AgentStatusWriter.status(cluster.agent("default", "agent-basic")).get("conditions").toString()).contains("spec.image.tag");
    }

    @Test
    void a_namespace_the_operator_may_not_write_to_ends_in_action_failed_once_and_a_retry() {
        var forbidden = new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("configmaps is forbidden: User cannot create resource in namespace locked").build();
        for (String path : new String[] {"/api/v1/namespaces/locked/configmaps", "/api/v1/namespaces/locked/persistentvolumeclaims",
                "/apis/apps/v1/namespaces/locked/deployments", "/apis/networking.k8s.io/v1/namespaces/locked/networkpolicies"}) {
            server.expect().post().withPath(path).andReturn(403, forbidden).always();
        }
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("locked")
                .endMetadata().build()).create();
        var agent = client.getKubernetesSerialization().unmarshal(
                "{\"apiVersion\":\"universe.ai/v1alpha1\",\"kind\":\"Agent\",\"metadata\":{\"name\":\"x\",\"namespace\":\"locked\"},\"spec\":{}}",
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        client.resource(agent).create();
        AgentReconciler agents = cluster.agents();
        assertThat(agents.reconcile("locked/x")).isEqualTo(Reconciler.Outcome.RETRY);
        assertThat(cluster.newEvents()).containsExactly("AgentObserved", "ActionsDecided", "ActionFailed ConfigMap K8S_FORBIDDEN",
                "ActionFailed PersistentVolumeClaim K8S_FORBIDDEN", "ActionFailed Deployment K8S_FORBIDDEN",
                "ActionFailed NetworkPolicy K8S_FORBIDDEN");
        assertThat(agents.reconcile("locked/x")).isEqualTo(Reconciler.Outcome.RETRY);
        assertThat(cluster.newEvents()).as("the same failure again is not recorded twice").isEmpty();
        Map<String, Object> status = AgentStatusWriter.status(cluster.agent("locked", "x"));
        assertThat(status).containsEntry("phase", "Failed");
        assertThat(status.get("conditions").toString()).contains("ActionFailed");
    }
}
