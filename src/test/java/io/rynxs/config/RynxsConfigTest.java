package io.rynxs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One record, validated once: flags over environment over defaults, every bad value named with what is allowed, the
 * operator's and the S3 keys by the same rules, and every key documented.
 */
class RynxsConfigTest {

    @Test
    void defaults_describe_the_embedded_setup() {
        RynxsConfig c = RynxsConfig.load(Map.of(), Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.apiPort()).isEqualTo(8081);
        assertThat(c.metricsPort()).isEqualTo(8080);
        assertThat(c.apiAuth()).isEqualTo("none");
        assertThat(c.synchronous()).isEqualTo("FULL");
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.segmentsSink()).startsWith("file:").contains("/data/sink");
        assertThat(c.segmentsGzip()).isEqualTo("auto");
        assertThat(c.logAccess()).isEqualTo("info");
    }

    @Test
    void the_metrics_port_listens_where_the_api_does_unless_told_otherwise() {
        assertThat(RynxsConfig.load(Map.of(), Map.of()).metricsBind()).isEqualTo("127.0.0.1");
        Map<String, String> pod = Map.of("RYNXS_BIND", "0.0.0.0", "RYNXS_API_AUTH", "kubernetes");
        assertThat(RynxsConfig.load(Map.of(), pod).metricsBind()).isEqualTo("0.0.0.0");
        Map<String, String> loopbackMetrics = new HashMap<>(pod);
        loopbackMetrics.put("RYNXS_METRICS_BIND", "127.0.0.1");
        RynxsConfig c = RynxsConfig.load(Map.of(), loopbackMetrics);
        assertThat(c.metricsBind()).isEqualTo("127.0.0.1");
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(RynxsConfig.load(Map.of("RYNXS_METRICS_BIND", "::1"), loopbackMetrics).metricsBind()).isEqualTo("::1");
    }

    @Test
    void flags_win_over_the_environment() {
        RynxsConfig c = RynxsConfig.load(Map.of("RYNXS_API_PORT", "9001"), Map.of("RYNXS_API_PORT", "9002", "RYNXS_METRICS_PORT", "9003"));
        assertThat(c.apiPort()).isEqualTo(9001);
        assertThat(c.metricsPort()).isEqualTo(9003);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "RYNXS_API_PORT|70000|an integer in 0..65535",
            "RYNXS_API_PORT|http|an integer in 0..65535",
            "RYNXS_CHECKPOINT_INTERVAL|soon|a duration such as 500ms, 15s, 2m or 1h, from 1s to 86400s",
            "RYNXS_CHECKPOINT_INTERVAL|500ms|from 1s",
            "RYNXS_LOG_FORMAT|xml|one of json, text",
            "RYNXS_STORE_SYNCHRONOUS|off|one of full, normal",
            "RYNXS_METRICS_ENABLED|yes|true or false",
            "RYNXS_SEGMENTS_SINK|ftp://x/|s3://bucket/prefix/ or file:///dir/",
            "RYNXS_SEGMENTS_GZIP|zstd|one of auto, libdeflate, zlib",
            "RYNXS_API_AUTH|open|one of kubernetes, none, token",
            "RYNXS_METRICS_PORT|-1|an integer in 0..65535",
            "RYNXS_API_MAX_BODY_BYTES|1m|an integer in 1024..67108864",
            "RYNXS_MAX_PAYLOAD_BYTES|1|an integer in 2..16777216",
            "RYNXS_MAX_JSON_DEPTH|deep|an integer in 1..1024",
            "RYNXS_CHECKPOINT_EVERY_EVENTS|0|an integer in 1..100000000",
            "RYNXS_SNAPSHOT_EVERY|99|an integer in 100..10000000",
            "RYNXS_LINE_BUNDLE_EVENTS|-1|an integer in 0..1048576",
            "RYNXS_LOG_LEVEL|verbose|one of debug, error, info, trace, warn",
            "RYNXS_LOG_ACCESS|none|one of debug, info, off, warn",
            "RYNXS_SEGMENTS_MAX_EVENTS|lots|an integer in 1..1000000",
            "RYNXS_SEGMENTS_MAX_AGE|1d|a duration such as 500ms, 15s, 2m or 1h, from 1s to 86400s",
            "RYNXS_OPERATOR|on|true or false",
            "RYNXS_REPLICAS|0|an integer in 1..100",
            "RYNXS_FOLLOWER_POLL_INTERVAL|fast|a duration such as 500ms, 15s, 2m or 1h, from 100ms to 600s",
            "RYNXS_RECONCILE_WORKERS|x|an integer in 1..64",
            "RYNXS_RECONCILE_WORKERS|0|an integer in 1..64",
            "RYNXS_RECONCILE_WORKERS|65|an integer in 1..64",
            "RYNXS_LEADER_ELECTION_ENABLED|yes|true or false",
            "RYNXS_LEADER_ELECTION_ENABLED|1|true or false",
            "RYNXS_LEADER_ELECTION_LEASE_DURATION|15|a duration such as 500ms, 15s, 2m or 1h, from 1s to 3600s",
            "RYNXS_LEADER_ELECTION_RENEW_DEADLINE|ten|a duration such as 500ms, 15s, 2m or 1h, from 100ms to 3600s",
            "RYNXS_LEADER_ELECTION_RETRY_PERIOD|2 s|a duration such as 500ms, 15s, 2m or 1h, from 100ms to 3600s",
            "RYNXS_RESYNC_PERIOD|never|a duration such as 500ms, 15s, 2m or 1h, from 1s to 86400s",
            "RYNXS_RECONCILE_BACKOFF_BASE|0ms|a duration such as 500ms, 15s, 2m or 1h, from 1ms to 3600s",
            "RYNXS_RECONCILE_BACKOFF_CAP|5min|a duration such as 500ms, 15s, 2m or 1h, from 1ms to 86400s",
            "RYNXS_TEST_FORCE_LEADER|yes|true or false",
            "RYNXS_S3_PATH_STYLE|yes|true or false",
            "RYNXS_S3_CREATE_BUCKET|1|true or false",
            "RYNXS_S3_ENDPOINT|minio:9000|an http:// or https:// URL with a host, e.g. http://minio:9000",
            "RYNXS_WITNESS_INTERVAL|0s|a duration such as 500ms, 15s, 2m or 1h, from 1s to 86400s",
            "RYNXS_WITNESSES_FILE|/nonexistent/policy|a readable tlog-policy file",
    })
    void a_bad_value_names_the_key_the_value_and_what_is_allowed(String key, String value, String allowed) {
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration " + key + "=\"" + value + "\" is not allowed (")
                .hasMessageContaining(allowed);
    }

    @ParameterizedTest(name = "RYNXS_LEADER_ELECTION_ENABLED={0}")
    @CsvSource({"true,true", "TRUE,true", "' True ',true", "false,false", "FALSE,false", "'',false"})
    void leader_election_accepts_true_and_false_in_any_case_for_serve_and_the_operator_alike(String value, boolean enabled) {
        Map<String, String> env = Map.of("RYNXS_LEADER_ELECTION_ENABLED", value, "RYNXS_REPLICAS", "1");
        assertThat(RynxsConfig.load(Map.of(), env).operatorSection().leaderElection()).isEqualTo(enabled);
        assertThat(OperatorSection.load(env).leaderElection()).isEqualTo(enabled);
    }

    @ParameterizedTest(name = "RYNXS_LEADER_ELECTION_ENABLED={0}")
    @CsvSource({"yes", "1", "on", "enabled", "truee"})
    void leader_election_refuses_anything_else_for_serve_and_the_operator_alike(String value) {
        Map<String, String> env = Map.of("RYNXS_LEADER_ELECTION_ENABLED", value);
        String message = "configuration RYNXS_LEADER_ELECTION_ENABLED=\"" + value + "\" is not allowed (true or false)";
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), env)).isInstanceOf(ConfigException.class).hasMessage(message);
        assertThatThrownBy(() -> OperatorSection.load(env)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void the_operator_section_has_the_documented_defaults_and_the_pod_fallbacks() {
        OperatorSection d = RynxsConfig.load(Map.of(), Map.of()).operatorSection();
        assertThat(d.watchNamespaces()).isEmpty();
        assertThat(d.leaderElection()).isFalse();
        assertThat(d.leaseName()).isEqualTo("rynxs-operator");
        assertThat(d.leaseNamespace()).isEqualTo("default");
        assertThat(d.identity()).startsWith("rynxs-");
        assertThat(List.of(d.leaseDuration(), d.renewDeadline(), d.retryPeriod()))
                .containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        assertThat(d.resyncPeriod()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.workers()).isEqualTo(2);
        assertThat(List.of(d.backoffBase(), d.backoffCap())).containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(5));
        assertThat(d.forceLeader()).isFalse();

        OperatorSection pod = OperatorSection.load(Map.of("POD_NAME", "rynxs-1", "HOSTNAME", "host", "POD_NAMESPACE", "audit",
                "RYNXS_WATCH_NAMESPACES", " team-a, ,team-b ", "RYNXS_RECONCILE_WORKERS", "8"));
        assertThat(pod.identity()).isEqualTo("rynxs-1");
        assertThat(pod.leaseNamespace()).isEqualTo("audit");
        assertThat(pod.watchNamespaces()).containsExactly("team-a", "team-b");
        assertThat(pod.workers()).isEqualTo(8);
        assertThat(OperatorSection.load(Map.of("HOSTNAME", "host")).identity()).isEqualTo("host");
        assertThat(OperatorSection.load(Map.of("POD_NAME", "p", "RYNXS_LEADER_ELECTION_IDENTITY", "me")).identity()).isEqualTo("me");
    }

    @Test
    void the_s3_section_has_the_documented_defaults() {
        S3Section d = RynxsConfig.load(Map.of(), Map.of()).s3();
        assertThat(d).isEqualTo(new S3Section(null, "us-east-1", false, false));
        assertThat(S3Section.load(Map.of("AWS_REGION", "eu-west-1")).region()).isEqualTo("eu-west-1");
        assertThat(S3Section.load(Map.of("AWS_REGION", "eu-west-1", "RYNXS_S3_REGION", "eu-north-1")).region()).isEqualTo("eu-north-1");
        S3Section minio = S3Section.load(Map.of("RYNXS_S3_ENDPOINT", "http://minio:9000"));
        assertThat(minio.endpoint()).hasToString("http://minio:9000");
        assertThat(minio.pathStyle()).as("path style by default with an endpoint").isTrue();
        assertThat(S3Section.load(Map.of("RYNXS_S3_ENDPOINT", "https://s3.example", "RYNXS_S3_PATH_STYLE", "false")).pathStyle()).isFalse();
    }

    @Test
    void the_leader_election_durations_must_nest_when_it_is_enabled() {
        Map<String, String> renewTooLong = Map.of("RYNXS_LEADER_ELECTION_ENABLED", "true", "RYNXS_LEADER_ELECTION_RENEW_DEADLINE", "15s");
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), renewTooLong)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration RYNXS_LEADER_ELECTION_RENEW_DEADLINE=\"15s\" is not allowed (less than"
                        + " RYNXS_LEADER_ELECTION_LEASE_DURATION, 15s");
        Map<String, String> leaseTooShort = Map.of("RYNXS_LEADER_ELECTION_ENABLED", "true", "RYNXS_LEADER_ELECTION_LEASE_DURATION", "5s");
        assertThatThrownBy(() -> OperatorSection.load(leaseTooShort)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration RYNXS_LEADER_ELECTION_RENEW_DEADLINE=\"10s\" is not allowed (less than"
                        + " RYNXS_LEADER_ELECTION_LEASE_DURATION, 5s");
        Map<String, String> retryTooLong = Map.of("RYNXS_LEADER_ELECTION_ENABLED", "true", "RYNXS_LEADER_ELECTION_RETRY_PERIOD", "10s");
        assertThatThrownBy(() -> OperatorSection.load(retryTooLong)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration RYNXS_LEADER_ELECTION_RETRY_PERIOD=\"10s\" is not allowed (less than"
                        + " RYNXS_LEADER_ELECTION_RENEW_DEADLINE, 10s");
        assertThat(OperatorSection.load(Map.of("RYNXS_LEADER_ELECTION_RENEW_DEADLINE", "15s")).renewDeadline())
                .as("not checked without leader election, as before").isEqualTo(Duration.ofSeconds(15));
        assertThatThrownBy(() -> OperatorSection.load(Map.of("RYNXS_RECONCILE_BACKOFF_BASE", "10m")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration RYNXS_RECONCILE_BACKOFF_CAP=\"300s\" is not allowed (at least RYNXS_RECONCILE_BACKOFF_BASE, 600s)");
    }

    @Test
    void every_key_read_is_in_docs_configuration_md_and_every_key_there_is_read() throws IOException {
        Set<String> read = new TreeSet<>();
        Map<String, String> recording = new AbstractMap<>() {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return null;
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return Set.of();
            }
        };
        RynxsConfig.load(Map.of(), recording);
        String doc = Files.readString(Path.of("docs/configuration.md"));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`(RYNXS_[A-Z0-9_]*[A-Z0-9])`").matcher(doc);
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(read).as("keys RynxsConfig reads").contains("RYNXS_RECONCILE_WORKERS", "RYNXS_S3_PATH_STYLE", "POD_NAME");
        assertThat(read).allSatisfy(key -> assertThat(doc).as("docs/configuration.md names " + key).containsPattern("\\b" + key + "\\b"));
        assertThat(documented).as("RYNXS_* keys in docs/configuration.md that nothing reads").isSubsetOf(read);
    }

    @Test
    void combinations_that_cannot_work_are_refused() {
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of("RYNXS_BIND", "0.0.0.0")))
                .hasMessageContaining("RYNXS_API_AUTH=\"none\"").hasMessageContaining("loopback");
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of("RYNXS_BIND", "127.0.0.1.nip.io")))
                .as("a name that starts like a loopback address is a name, whatever it resolves to")
                .hasMessageContaining("RYNXS_API_AUTH=\"none\"").hasMessageContaining("loopback");
        assertThat(RynxsConfig.load(Map.of(), Map.of("RYNXS_BIND", "0:0:0:0:0:0:0:1")).bind()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of("RYNXS_API_AUTH", "token")))
                .hasMessageContaining("RYNXS_API_TOKEN_FILE=(unset)");
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of("RYNXS_API_PORT", "9000", "RYNXS_METRICS_PORT", "9000")))
                .hasMessageContaining("a port other than RYNXS_API_PORT");
    }

    @Test
    void durations_take_the_helm_syntax() {
        assertThat(Durations.parse("15s")).hasValue(Duration.ofSeconds(15));
        assertThat(Durations.parse("500ms")).hasValue(Duration.ofMillis(500));
        assertThat(Durations.parse("2m")).hasValue(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).hasValue(Duration.ofHours(1));
        assertThat(Durations.parse("15")).isEmpty();
        assertThat(Durations.parse("1.5s")).isEmpty();
        assertThat(Durations.parse("-1s")).isEmpty();
    }

    @Test
    void witnesses_come_from_one_place_and_default_to_none_at_a_60s_interval() {
        WitnessSection none = RynxsConfig.load(Map.of(), Map.of()).witnesses();
        assertThat(none.enabled()).isFalse();
        assertThat(none.interval()).isEqualTo(java.time.Duration.ofSeconds(60));
        WitnessSection inline = RynxsConfig.load(Map.of(), Map.of("RYNXS_WITNESSES", "quorum none\n", "RYNXS_WITNESS_INTERVAL", "5m")).witnesses();
        assertThat(inline.policy()).isEqualTo("quorum none");
        assertThat(inline.interval()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of("RYNXS_WITNESSES", "quorum none", "RYNXS_WITNESSES_FILE", "/p")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unset when RYNXS_WITNESSES is set");
    }
}
