package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (the Debian package, installed by .ci/run) scrapes the metrics port of a real
 * {@code rynxs serve}: the target is up and {@code rynxs_events_total} counts what was appended, in a fixed set
 * of series whatever types producers invent; {@code RYNXS_METRICS_BIND} moves the metrics port alone; and
 * {@code promtool check metrics} accepts the exposition.
 */
class PrometheusIT {
    static final String METRICS_HOST = "127.0.0.2";

    @TempDir
    Path dir;

    @Test
    void prometheus_scrapes_the_metrics_port_on_its_own_address_and_counts_the_appended_events() throws Exception {
        assertThat(Path.of("/usr/bin/prometheus")).as("prometheus (apt-get install prometheus; .ci/run does it)").exists();
        // Another loopback address (Linux routes all of 127/8 to lo): the API stays on 127.0.0.1, metrics move.
        try (ServeProcess serve = ServeProcess.start(dir.resolve("data"), Map.of("RYNXS_METRICS_BIND", METRICS_HOST))) {
            assertThatThrownBy(() -> serve.get(serve.metricsPort, "/metrics")).isInstanceOf(ConnectException.class);
            for (int i = 0; i < 5; i++) {
                assertThat(serve.postEvent("{\"type\":\"audit.Scraped" + i + "\",\"aggregate\":\"session/p\",\"payload\":{\"i\":" + i + "}}")
                        .statusCode()).isEqualTo(201);
            }
            String exposition = serve.get(METRICS_HOST, serve.metricsPort, "/metrics").body();
            Path file = dir.resolve("metrics.txt");
            Files.writeString(file, exposition, StandardCharsets.UTF_8);
            Process check = new ProcessBuilder("/bin/sh", "-c", "promtool check metrics < " + file).redirectErrorStream(true).start();
            String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as("promtool check metrics: " + checkOut).isZero();

            int promPort = ServeProcess.freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: rynxs\n    static_configs:\n"
                    + "      - targets: ['" + METRICS_HOST + ":" + serve.metricsPort + "']\n");
            Process prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true).redirectOutput(dir.resolve("prom.log").toFile()).start();
            try {
                await("prometheus reports the rynxs target up with 5 events").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            String targets = serve.get(promPort, "/api/v1/targets").body();
                            assertThat(targets).contains("\"health\":\"up\"");
                            String q = serve.get(promPort, "/api/v1/query?query=sum(rynxs_events_total)").body();
                            assertThat(q).contains("\"5\"]");
                            // Five distinct types, one series: the 9 operator types, external and other, all from the start.
                            assertThat(serve.get(promPort, "/api/v1/query?query=" + encode("count(rynxs_events_total)")).body())
                                    .contains("\"11\"]");
                            assertThat(serve.get(promPort, "/api/v1/query?query=" + encode("rynxs_events_total{event_type=\"external\"}"))
                                    .body()).contains("\"5\"]");
                        });
            } finally {
                prometheus.destroy();
                prometheus.waitFor(20, TimeUnit.SECONDS);
            }
            assertThat(serve.terminate()).isZero();
        }
    }

    static String encode(String promql) {
        return URLEncoder.encode(promql, StandardCharsets.UTF_8);
    }
}
