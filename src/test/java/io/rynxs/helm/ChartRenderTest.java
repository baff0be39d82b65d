package io.rynxs.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import io.rynxs.helm.Chart.Rendered;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** What the chart renders, with default values and with each example values file of the chart's README. */
class ChartRenderTest {
    static final List<String> EXAMPLES = List.of("ha-values.yaml", "s3-minio-values.yaml", "s3-external-values.yaml",
            "observability-values.yaml", "observability-servicemonitor-values.yaml");

    static Stream<String> examples() {
        return EXAMPLES.stream();
    }

    @Test
    void lint_strict_reports_no_warning_or_error() {
        LintResult result = new Helm(Chart.DIR).lint().strict().call();
        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).allMatch(m -> m.startsWith("[INFO]"), "only [INFO] messages");
    }

    @Test
    void every_documented_example_values_file_is_kept_under_examples_values() {
        for (String f : EXAMPLES) {
            assertThat(Chart.EXAMPLES.resolve(f)).exists();
        }
    }

    @Test
    void release_rynxs_names_its_objects_rynxs_and_not_rynxs_rynxs() {
        Rendered r = Chart.render("observability-values.yaml");
        assertThat(r.names()).contains("StatefulSet/rynxs", "Service/rynxs", "Service/rynxs-metrics", "ServiceAccount/rynxs")
                .noneMatch(n -> n.contains("rynxs-rynxs"));
        Rendered other = Rendered.of(new Helm(Chart.DIR).template().withName("audit").withNamespace("x")
                .withKubeVersion(Chart.KUBE_VERSION).call());
        assertThat(other.names()).contains("StatefulSet/audit-rynxs");
    }

    @Test
    void default_values_render_one_replica_with_its_own_volume_deleted_on_uninstall() {
        Rendered r = Chart.render(null);
        JsonNode sts = r.statefulSet();
        assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(sts.at("/spec/volumeClaimTemplates/0/metadata/name").asString()).isEqualTo("data");
        assertThat(sts.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asString()).isEqualTo("10Gi");
        assertThat(sts.at("/spec/volumeClaimTemplates/0/spec/accessModes/0").asString()).isEqualTo("ReadWriteOnce");
        assertThat(sts.at("/spec/volumeClaimTemplates/0/metadata/annotations").isMissingNode()).isTrue();
        assertThat(sts.at("/spec/persistentVolumeClaimRetentionPolicy/whenDeleted").asString()).isEqualTo("Delete");
        assertThat(r.ofKind("PodDisruptionBudget")).isEmpty();
        assertThat(r.ofKind("Deployment")).isEmpty();
        assertThat(r.names()).doesNotContain("Service/rynxs-metrics");
        assertThat(r.ofKind("NetworkPolicy")).as("off by default").isEmpty();
        assertThat(r.get("Service", "rynxs").at("/spec/ports/0/port").asInt()).isEqualTo(8081);
        Map<String, String> env = r.env();
        assertThat(env).containsEntry("RYNXS_BIND", "0.0.0.0").containsEntry("RYNXS_API_AUTH", "kubernetes")
                .containsEntry("RYNXS_DATA_DIR", "/var/lib/rynxs").containsEntry("RYNXS_SEGMENTS_SINK", "file:///var/lib/rynxs/sink/")
                .containsEntry("RYNXS_LEADER_ELECTION_ENABLED", "false").containsEntry("RYNXS_METRICS_ENABLED", "false")
                .containsEntry("RYNXS_METRICS_BIND", "0.0.0.0")
                .containsEntry("RYNXS_LOG_LEVEL", "info").containsEntry("RYNXS_LOG_FORMAT", "json").containsEntry("RYNXS_LOG_ACCESS", "info")
                .containsEntry("POD_NAMESPACE", "field:metadata.namespace").containsEntry("POD_NAME", "field:metadata.name")
                .doesNotContainKeys("RYNXS_SIGNING_KEY_FILE", "AWS_ACCESS_KEY_ID", "RYNXS_S3_ENDPOINT");
        assertThat(r.container().at("/image").asString()).isEqualTo("ghcr.io/rynxs/operator:v0.1.0");
        assertThat(r.container().at("/args/0").asString()).isEqualTo("serve");
    }

    @Test
    void keep_on_uninstall_retains_the_volumes_and_annotates_them_keep() {
        JsonNode sts = Chart.render(null, Map.of("persistence.keepOnUninstall", true)).statefulSet();
        assertThat(sts.at("/spec/persistentVolumeClaimRetentionPolicy/whenDeleted").asString()).isEqualTo("Retain");
        assertThat(sts.at("/spec/volumeClaimTemplates/0/metadata/annotations/helm.sh~1resource-policy").asString()).isEqualTo("keep");
    }

    @Test
    void without_persistence_the_log_lives_in_an_empty_dir() {
        JsonNode sts = Chart.render(null, Map.of("persistence.enabled", false)).statefulSet();
        assertThat(sts.at("/spec/volumeClaimTemplates").isMissingNode()).isTrue();
        assertThat(sts.at("/spec/template/spec/volumes").findValues("name")).extracting(JsonNode::asString).contains("data");
    }

    @Test
    void the_ha_example_renders_three_leader_electing_replicas_on_s3_with_one_signing_key_and_a_pdb() {
        Rendered r = Chart.render("ha-values.yaml");
        assertThat(r.statefulSet().at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(r.env()).containsEntry("RYNXS_LEADER_ELECTION_ENABLED", "true")
                .containsEntry("RYNXS_LEADER_ELECTION_LEASE_NAME", "rynxs-leader")
                .containsEntry("RYNXS_LEADER_ELECTION_LEASE_NAMESPACE", "field:metadata.namespace")
                .containsEntry("RYNXS_LEADER_ELECTION_IDENTITY", "field:metadata.name")
                .containsEntry("RYNXS_LEADER_ELECTION_LEASE_DURATION", "15s").containsEntry("RYNXS_LEADER_ELECTION_RENEW_DEADLINE", "10s")
                .containsEntry("RYNXS_LEADER_ELECTION_RETRY_PERIOD", "2s")
                .containsEntry("RYNXS_SEGMENTS_SINK", "s3://rynxs-events-prod/events/")
                .containsEntry("RYNXS_SIGNING_KEY_FILE", "/etc/rynxs/signing/signing.key");
        assertThat(r.statefulSet().at("/spec/template/spec/volumes").toString()).contains("\"secretName\":\"rynxs-signing-key\"");
        JsonNode pdb = r.get("PodDisruptionBudget", "rynxs");
        assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asString()).isEqualTo("rynxs");
        assertThat(r.statefulSet().at("/spec/template/spec/topologySpreadConstraints/0/topologyKey").asString())
                .isEqualTo("kubernetes.io/hostname");
        JsonNode role = r.get("Role", "rynxs-leader-election");
        assertThat(role.at("/rules/0/resourceNames/0").asString()).isEqualTo("rynxs-leader");
    }

    @Test
    void the_minio_example_renders_minio_with_its_secret_and_points_the_sink_at_it_creating_the_bucket() {
        Rendered r = Chart.render("s3-minio-values.yaml");
        JsonNode minio = r.get("Deployment", "rynxs-minio");
        assertThat(minio.at("/spec/template/metadata/labels/app.kubernetes.io~1component").asString()).isEqualTo("minio");
        assertThat(minio.at("/spec/template/spec/containers/0/env").toString()).contains("\"name\":\"rynxs-minio\"");
        assertThat(r.get("Secret", "rynxs-minio").at("/stringData/rootUser").asString()).isEqualTo("minioadmin");
        assertThat(r.get("Service", "rynxs-minio").at("/spec/ports/0/port").asInt()).isEqualTo(9000);
        assertThat(r.get("PersistentVolumeClaim", "rynxs-minio").at("/spec/resources/requests/storage").asString()).isEqualTo("5Gi");
        assertThat(r.env()).containsEntry("RYNXS_SEGMENTS_SINK", "s3://rynxs-events/events/")
                .containsEntry("RYNXS_S3_ENDPOINT", "http://rynxs-minio.rynxs.svc:9000")
                .containsEntry("RYNXS_S3_CREATE_BUCKET", "true").containsEntry("RYNXS_S3_REGION", "us-east-1")
                .containsEntry("AWS_ACCESS_KEY_ID", "secret:rynxs-s3-credentials/AWS_ACCESS_KEY_ID")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret:rynxs-s3-credentials/AWS_SECRET_ACCESS_KEY");
        // Operator pods and MinIO pods are told apart by the seed's selectors.
        assertThat(minio.at("/spec/template/metadata/labels/app.kubernetes.io~1name").asString()).isNotEqualTo("rynxs");
    }

    @Test
    void minio_without_an_access_key_secret_gives_the_operator_minios_own_credentials() {
        Rendered r = Chart.render("s3-minio-values.yaml", Map.of("logSink.s3.accessKeySecret", ""));
        assertThat(r.env()).containsEntry("AWS_ACCESS_KEY_ID", "secret:rynxs-minio/rootUser")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret:rynxs-minio/rootPassword");
    }

    @Test
    void the_external_s3_example_uses_its_endpoint_and_secret_and_does_not_create_the_bucket() {
        Rendered r = Chart.render("s3-external-values.yaml");
        assertThat(r.ofKind("Deployment")).isEmpty();
        assertThat(r.env()).containsEntry("RYNXS_S3_ENDPOINT", "https://s3.us-east-1.amazonaws.com")
                .containsEntry("RYNXS_SEGMENTS_SINK", "s3://rynxs-events-prod/events/")
                .containsEntry("RYNXS_S3_CREATE_BUCKET", "false")
                .containsEntry("AWS_ACCESS_KEY_ID", "secret:rynxs-s3-credentials/AWS_ACCESS_KEY_ID")
                .doesNotContainKey("RYNXS_S3_PATH_STYLE");
        assertThat(Chart.render("s3-external-values.yaml", Map.of("logSink.s3.pathStyle", true)).env())
                .containsEntry("RYNXS_S3_PATH_STYLE", "true");
    }

    @Test
    void the_observability_example_annotates_the_pods_and_serves_svc_rynxs_metrics_on_8080() {
        Rendered r = Chart.render("observability-values.yaml");
        JsonNode annotations = r.statefulSet().at("/spec/template/metadata/annotations");
        assertThat(annotations.get("prometheus.io/scrape").asString()).isEqualTo("true");
        assertThat(annotations.get("prometheus.io/port").asString()).isEqualTo("8080");
        assertThat(annotations.get("prometheus.io/path").asString()).isEqualTo("/metrics");
        JsonNode svc = r.get("Service", "rynxs-metrics");
        assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
        assertThat(svc.at("/spec/ports/0/targetPort").asString()).isEqualTo("metrics");
        assertThat(r.env()).containsEntry("RYNXS_METRICS_ENABLED", "true").containsEntry("RYNXS_METRICS_PORT", "8080");
        assertThat(r.ofKind("ServiceMonitor")).isEmpty();
    }

    @Test
    void the_servicemonitor_example_selects_the_metrics_service_only_and_carries_the_prometheus_label() {
        Rendered r = Chart.render("observability-servicemonitor-values.yaml");
        JsonNode sm = r.get("ServiceMonitor", "rynxs");
        assertThat(sm.at("/metadata/labels/prometheus").asString()).isEqualTo("kube-prometheus");
        assertThat(sm.at("/spec/endpoints/0/port").asString()).isEqualTo("metrics");
        assertThat(sm.at("/spec/endpoints/0/interval").asString()).isEqualTo("30s");
        assertThat(sm.at("/spec/endpoints/0/scrapeTimeout").asString()).isEqualTo("10s");
        // Its selector matches the metrics Service's labels and not the API Service's.
        JsonNode selector = sm.at("/spec/selector/matchLabels");
        assertThat(matches(selector, r.get("Service", "rynxs-metrics").at("/metadata/labels"))).isTrue();
        assertThat(matches(selector, r.get("Service", "rynxs").at("/metadata/labels"))).isFalse();
        assertThat(r.get("PrometheusRule", "rynxs").at("/spec/groups/0/rules").size()).isEqualTo(16);
    }

    @Test
    void the_servicemonitor_example_admits_only_prometheus_to_the_metrics_port_and_any_caller_to_the_api() {
        Rendered r = Chart.render("observability-servicemonitor-values.yaml");
        JsonNode policy = r.get("NetworkPolicy", "rynxs");
        assertThat(matches(policy.at("/spec/podSelector/matchLabels"), r.statefulSet().at("/spec/template/metadata/labels"))).isTrue();
        assertThat(policy.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\"]");
        JsonNode ingress = policy.at("/spec/ingress");
        assertThat(ingress.size()).isEqualTo(2);
        assertThat(ingress.at("/0/ports").toString()).isEqualTo("[{\"port\":8081,\"protocol\":\"TCP\"}]");
        assertThat(ingress.at("/0/from").isMissingNode()).as("the API authenticates: any source").isTrue();
        assertThat(ingress.at("/1/ports").toString()).isEqualTo("[{\"port\":8080,\"protocol\":\"TCP\"}]");
        assertThat(ingress.at("/1/from").size()).isEqualTo(1);
        assertThat(ingress.at("/1/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asString()).isEqualTo("monitoring");
        assertThat(ingress.at("/1/from/0/podSelector/matchLabels/app.kubernetes.io~1name").asString()).isEqualTo("prometheus");
        // The rule follows the metrics port, which the container and the Service use too.
        JsonNode moved = Chart.render("observability-servicemonitor-values.yaml", Map.of("metrics.port", 9090)).get("NetworkPolicy", "rynxs");
        assertThat(moved.at("/spec/ingress/1/ports/0/port").asInt()).isEqualTo(9090);
        assertThat(Chart.render("observability-servicemonitor-values.yaml", Map.of("networkPolicy.enabled", false)).ofKind("NetworkPolicy"))
                .isEmpty();
    }

    @Test
    void without_metrics_the_network_policy_admits_the_api_port_alone_from_the_listed_peers() {
        Rendered r = Chart.render(null, Map.of("networkPolicy.enabled", true,
                "networkPolicy.apiFrom[0].namespaceSelector.matchLabels.team", "audit",
                "networkPolicy.apiFrom[1].ipBlock.cidr", "10.20.0.0/16"));
        JsonNode ingress = r.get("NetworkPolicy", "rynxs").at("/spec/ingress");
        assertThat(ingress.size()).as("no metrics port, no metrics rule").isEqualTo(1);
        assertThat(ingress.at("/0/ports/0/port").asInt()).isEqualTo(8081);
        assertThat(ingress.at("/0/from/0/namespaceSelector/matchLabels/team").asString()).isEqualTo("audit");
        assertThat(ingress.at("/0/from/1/ipBlock/cidr").asString()).isEqualTo("10.20.0.0/16");
    }

    @Test
    void the_install_notes_warn_that_metrics_are_open_unless_a_network_policy_restricts_them() {
        String open = notes("observability-values.yaml");
        assertThat(open).contains("WARNING: /metrics has no authentication and networkPolicy.enabled=false");
        assertThat(notes("observability-servicemonitor-values.yaml")).contains("svc/rynxs-metrics").doesNotContain("/metrics has no authentication");
        assertThat(notes(null)).doesNotContain("/metrics has no authentication");
    }

    static String notes(String exampleFile) {
        InstallCommand install = new Helm(Chart.DIR).install().withName("rynxs").withNamespace("rynxs")
                .withKubeVersion(Chart.KUBE_VERSION).dryRun().clientOnly();
        if (exampleFile != null) {
            install = install.withValuesFile(Chart.EXAMPLES.resolve(exampleFile));
        }
        return install.call().getOutput();
    }

    @Test
    void every_container_runs_non_root_read_only_without_privilege_escalation_or_capabilities() {
        for (String f : EXAMPLES) {
            Rendered r = Chart.render(f);
            for (JsonNode workload : r.docs()) {
                JsonNode pod = workload.at("/spec/template/spec");
                if (pod.isMissingNode()) {
                    continue;
                }
                assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(f).isTrue();
                assertThat(pod.at("/securityContext/seccompProfile/type").asString()).as(f).isEqualTo("RuntimeDefault");
                for (JsonNode c : pod.get("containers")) {
                    assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(f).isTrue();
                    assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(f).isFalse();
                    assertThat(c.at("/securityContext/capabilities/drop/0").asString()).as(f).isEqualTo("ALL");
                    assertThat(c.get("volumeMounts").findValues("mountPath")).extracting(JsonNode::asString).as(f).contains("/tmp");
                }
            }
        }
        assertThat(Chart.render(null).statefulSet().at("/spec/template/spec/securityContext/runAsUser").asInt()).isEqualTo(10001);
    }

    @Test
    void rbac_grants_exactly_what_the_operator_does_and_two_roles_for_api_users() {
        Rendered r = Chart.render("ha-values.yaml");
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : r.get("ClusterRole", "rynxs-operator").get("rules")) {
            for (JsonNode g : rule.get("apiGroups")) {
                for (JsonNode res : rule.get("resources")) {
                    List<String> verbs = rule.get("verbs").valueStream().map(JsonNode::asString).sorted().toList();
                    rules.add(g.asString() + "/" + res.asString() + " " + String.join(",", verbs));
                }
            }
        }
        assertThat(rules).containsExactlyInAnyOrder(
                "universe.ai/agents get,list,watch", "universe.ai/sessions get,list,watch",
                "universe.ai/agents/status get,patch,update", "universe.ai/sessions/status get,patch,update",
                "/configmaps create,get,update", "/persistentvolumeclaims create,get,update",
                "apps/deployments create,get,update", "networking.k8s.io/networkpolicies create,get,update",
                "/events create", "authentication.k8s.io/tokenreviews create", "authorization.k8s.io/subjectaccessreviews create");
        assertThat(r.get("Role", "rynxs-leader-election").toString()).contains("coordination.k8s.io", "leases");
        assertThat(r.get("ClusterRole", "rynxs-api-reader").at("/rules/0").toString())
                .isEqualTo("{\"apiGroups\":[\"rynxs.io\"],\"resources\":[\"auditevents\"],\"verbs\":[\"get\",\"list\"]}");
        assertThat(r.get("ClusterRole", "rynxs-api-writer").at("/rules/0").toString())
                .isEqualTo("{\"apiGroups\":[\"rynxs.io\"],\"resources\":[\"auditevents\"],\"verbs\":[\"create\"]}");
        assertThat(r.get("ClusterRoleBinding", "rynxs-operator").at("/subjects/0/namespace").asString()).isEqualTo("rynxs");
        assertThat(Chart.render(null).ofKind("Role")).as("no Lease access without leader election").isEmpty();
    }

    @Test
    void every_variable_the_chart_sets_is_one_the_binary_documents() throws Exception {
        String documented = Files.readString(Path.of("docs/configuration.md")) + Files.readString(Path.of("docs/operations.md"));
        for (String f : EXAMPLES) {
            for (String name : Chart.render(f).env().keySet()) {
                if (name.startsWith("RYNXS_")) {
                    assertThat(documented).as("%s (set by %s) is documented in docs/configuration.md", name, f).contains("`" + name + "`");
                }
            }
        }
    }

    @Test
    void crds_ship_only_in_the_crds_directory_so_skip_crds_leaves_them_out(@TempDir Path tmp) throws Exception {
        // helm-java renders templates only (Helm's template without --include-crds): CRDs reach the cluster
        // through crds/, which `helm install` applies and `--skip-crds` skips. So: no template renders one ...
        for (String f : EXAMPLES) {
            assertThat(Chart.template().withValuesFile(Chart.EXAMPLES.resolve(f)).skipCrds().call()).doesNotContain("CustomResourceDefinition");
            assertThat(Chart.render(f).ofKind("CustomResourceDefinition")).isEmpty();
        }
        // ... and the packaged chart carries both CRDs in crds/.
        new Helm(Chart.DIR).packageIt().withDestination(tmp).call();
        Path tgz = tmp.resolve("rynxs-0.1.0.tgz");
        assertThat(entries(tgz)).contains("rynxs/crds/agents.universe.ai.yaml", "rynxs/crds/sessions.universe.ai.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agents.universe.ai.yaml", "sessions.universe.ai.yaml"})
    void the_crds_are_the_operators_and_are_not_templated(String file) throws Exception {
        String crd = Files.readString(Chart.DIR.resolve("crds").resolve(file));
        assertThat(crd).contains("kind: CustomResourceDefinition").doesNotContain("{{");
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!labels.has(e.getKey()) || !labels.get(e.getKey()).asString().equals(e.getValue().asString())) {
                return false;
            }
        }
        return true;
    }

    static List<String> entries(Path tgz) throws Exception {
        List<String> names = new ArrayList<>();
        byte[] tar = new GZIPInputStream(Files.newInputStream(tgz)).readAllBytes();
        for (int off = 0; off + 512 <= tar.length; ) {
            String name = new String(tar, off, 100, StandardCharsets.US_ASCII).replace("\0", "");
            if (name.isEmpty()) {
                break;
            }
            String sizeOctal = new String(tar, off + 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim();
            long size = sizeOctal.isEmpty() ? 0 : Long.parseLong(sizeOctal, 8);
            names.add(name);
            off += 512 + (int) ((size + 511) / 512) * 512;
        }
        return names;
    }

    @Test
    void witnesses_are_passed_only_when_a_policy_is_set() {
        assertThat(Chart.render(null).env()).doesNotContainKeys("RYNXS_WITNESSES", "RYNXS_WITNESS_INTERVAL");
        String policy = "witness w1 w1+00000000+BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA https://w1.example/\nquorum w1";
        Rendered r = Chart.render(null, Map.of("witnesses.policy", policy, "witnesses.interval", "5m"));
        assertThat(r.env()).containsEntry("RYNXS_WITNESSES", policy).containsEntry("RYNXS_WITNESS_INTERVAL", "5m");
    }
}
