package io.rynxs.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values that make no sense fail at render time, by the schema or by the chart's own checks, saying why. */
class ChartValuesTest {
    static Map<String, Object> sets(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> invalidCombinations() {
        return Stream.of(
                Arguments.of("more than one replica without leader election", null, sets("replicaCount", 3),
                        "replicaCount=3 needs leaderElection.enabled=true"),
                Arguments.of("more than one replica without the S3 sink", null, sets("replicaCount", 2, "leaderElection.enabled", true),
                        "replicaCount=2 needs logSink.type=s3"),
                Arguments.of("more than one replica without a shared signing key", "s3-external-values.yaml",
                        sets("replicaCount", 2, "leaderElection.enabled", true), "replicaCount=2 needs checkpoint.signingKeySecret"),
                Arguments.of("the HA example without its S3 sink", "ha-values.yaml", sets("logSink.type", "file"),
                        "replicaCount=3 needs logSink.type=s3"),
                Arguments.of("an S3 sink without a bucket", null, sets("logSink.type", "s3"), "logSink.type=s3 needs logSink.s3.bucket"),
                Arguments.of("MinIO with the file sink", null, sets("minio.enabled", true), "minio.enabled=true needs logSink.type=s3"),
                Arguments.of("token auth without tokens", null, sets("api.auth", "token"), "api.auth=token needs api.tokenSecret"),
                Arguments.of("a ServiceMonitor without metrics", null, sets("metrics.serviceMonitor.enabled", true),
                        "metrics.serviceMonitor.enabled=true needs metrics.enabled=true"),
                Arguments.of("alerts without metrics", null, sets("prometheusRule.enabled", true),
                        "prometheusRule.enabled=true needs metrics.enabled=true"),
                Arguments.of("the metrics port on the API port", "observability-values.yaml", sets("metrics.port", 8081),
                        "metrics.port=8081 equals api.port"),
                Arguments.of("a network policy that admits no scraper", "observability-values.yaml", sets("networkPolicy.enabled", true),
                        "networkPolicy.enabled=true with metrics.enabled=true needs networkPolicy.metricsFrom"),
                Arguments.of("a ServiceMonitor on metrics bound to loopback", "observability-servicemonitor-values.yaml",
                        sets("metrics.bind", "127.0.0.1"), "metrics.serviceMonitor.enabled=true with metrics.bind=127.0.0.1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCombinations")
    void an_invalid_combination_fails_with_a_message_saying_why(String what, String example, Map<String, Object> sets, String message) {
        assertThatThrownBy(() -> Chart.render(example, sets)).hasMessageContaining(message);
    }

    static Stream<Arguments> nonsense() {
        return Stream.of(
                Arguments.of(sets("replicaCount", 0), "/replicaCount"),
                Arguments.of(sets("logSink.type", "ftp"), "/logSink/type"),
                Arguments.of(sets("logging.format", "xml"), "/logging/format"),
                Arguments.of(sets("logging.level", "loud"), "/logging/level"),
                Arguments.of(sets("logging.access", "all"), "/logging/access"),
                Arguments.of(sets("api.auth", "none"), "/api/auth"),
                Arguments.of(sets("api.port", 70000), "/api/port"),
                Arguments.of(sets("persistence.size", "lots"), "/persistence/size"),
                Arguments.of(sets("persistence.accessMode", "ReadOnlyMany"), "/persistence/accessMode"),
                Arguments.of(sets("leaderElection.leaseDuration", "15"), "/leaderElection/leaseDuration"),
                Arguments.of(sets("logSink.s3.bucket", "Not_A_Bucket"), "/logSink/s3/bucket"),
                Arguments.of(sets("checkpoint.origin", "has space"), "/checkpoint/origin"),
                Arguments.of(sets("segments.gzip", "zstd"), "/segments/gzip"),
                Arguments.of(sets("metrics.enabeld", true), "enabeld"),
                Arguments.of(sets("minio.rootPassword", "short"), "/minio/rootPassword"),
                Arguments.of(sets("metrics.bind", "localhost"), "/metrics/bind"),
                Arguments.of(sets("networkPolicy.enabled", "yes"), "/networkPolicy/enabled"),
                Arguments.of(sets("networkPolicy.metricsFrom[0].ipBlock.cidr", "everywhere"), "/networkPolicy/metricsFrom/0/ipBlock/cidr"),
                Arguments.of(sets("networkPolicy.apiFrom[0].serviceSelector.app", "x"), "serviceSelector"),
                Arguments.of(sets("networkPolicy.apiFrom[0].ipBlock.cidr", "10.0.0.0/8", "networkPolicy.apiFrom[0].podSelector.matchLabels.a", "b"),
                        "/networkPolicy/apiFrom/0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonsense")
    void the_values_schema_rejects_nonsense_naming_the_key(Map<String, Object> sets, String key) {
        assertThatThrownBy(() -> Chart.render(null, sets)).hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(key);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.rynxs.helm.ChartRenderTest#examples")
    void every_example_values_file_renders(String example) {
        assertThat(Chart.render(example).statefulSet()).isNotNull();
    }
}
