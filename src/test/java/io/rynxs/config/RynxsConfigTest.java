package io.rynxs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One record, validated once: flags over environment over defaults, and every bad value named with what is allowed. */
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
    }

    @Test
    void the_metrics_port_listens_where_the_api_does_unless_told_otherwise() {
        assertThat(RynxsConfig.load(Map.of(), Map.of()).metricsBind()).isEqualTo("127.0.0.1");
        Map<String, String> pod = Map.of("RYNXS_BIND", "0.0.0.0", "RYNXS_API_AUTH", "kubernetes");
        assertThat(RynxsConfig.load(Map.of(), pod).metricsBind()).isEqualTo("0.0.0.0");
        Map<String, String> loopbackMetrics = new java.util.HashMap<>(pod);
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
    })
    void a_bad_value_names_the_key_the_value_and_what_is_allowed(String key, String value, String allowed) {
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration " + key + "=\"" + value + "\" is not allowed (")
                .hasMessageContaining(allowed);
    }

    @Test
    void combinations_that_cannot_work_are_refused() {
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of("RYNXS_BIND", "0.0.0.0")))
                .hasMessageContaining("RYNXS_API_AUTH=\"none\"").hasMessageContaining("loopback");
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
}
