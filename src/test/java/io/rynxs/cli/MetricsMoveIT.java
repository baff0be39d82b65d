package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.Tamper;
import io.rynxs.event.Json;
import io.rynxs.helm.PrometheusRules;
import io.rynxs.shipping.S3ProxyServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every path of the seed's metrics driven in a real run — {@code rynxs serve} shipping to s3proxy, scraped every second
 * by a real Prometheus — and asserted through PromQL: replays, checkpoint creation and verification, API verify
 * failures, an S3 outage and its recovery, disk and build series. The scrapes of the run then feed promtool, so the
 * chart's alerts are tested on the series and label values the product really exposes (not hand-written ones).
 */
class MetricsMoveIT {
    @TempDir
    Path dir;

    @Test
    void each_seed_metric_moves_in_a_real_run_and_the_alerts_fire_on_its_scrapes() throws Exception {
        assertThat(Path.of("/usr/bin/prometheus")).as("prometheus (apt-get install prometheus; .ci/run does it)").exists();
        S3ProxyServer s3 = new S3ProxyServer(Files.createDirectories(dir.resolve("s3")));
        s3.start();
        Path keys = dir.resolve("keys");
        assertThat(RynxsJar.run("keygen", "--name", "rynxs.example/metrics", "--out", keys.toString()).exit()).isZero();
        Map<String, String> env = new HashMap<>(s3.env());
        env.putAll(Map.of("RYNXS_SIGNING_KEY_FILE", keys.resolve("signing.key").toString(),
                "RYNXS_SEGMENTS_SINK", "s3://m" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "/events/",
                "RYNXS_SEGMENTS_MAX_EVENTS", "10", "RYNXS_SEGMENTS_MAX_AGE", "1s",
                "RYNXS_CHECKPOINT_EVERY_EVENTS", "100000000", "RYNXS_CHECKPOINT_INTERVAL", "24h"));
        Path data = dir.resolve("data");
        List<String> scrapes = new ArrayList<>();
        Process prometheus = null;
        try (ServeProcess serve = ServeProcess.start(data, env)) {
            prometheus = prometheus(serve.metricsPort);
            Prom prom = new Prom(serve, promPort);

            append(serve, 25);
            assertThat(serve.get(serve.apiPort, "/api/v1/state?atSeq=7").statusCode()).isEqualTo(200);
            double signedBefore = samples(scrape(serve)).get("rynxs_checkpoint_create_duration_seconds_count");
            assertThat(serve.post("/api/v1/checkpoints", "").statusCode()).isEqualTo(201);
            assertThat(samples(scrape(serve)).get("rynxs_checkpoint_create_duration_seconds_count"))
                    .as("the API's checkpoint is timed (the background signs only when the log grew past the newest)")
                    .isGreaterThanOrEqualTo(signedBefore + 1);
            prom.await("rynxs_replay_duration_seconds_count", v -> v >= 1);
            prom.await("rynxs_checkpoint_create_duration_seconds_count", v -> v >= signedBefore + 1);
            prom.await("rynxs_segments_shipped_total", v -> v >= 2);
            prom.await("rynxs_last_checkpoint_timestamp_seconds", v -> v > 1.7e9);
            prom.await("rynxs_database_bytes", v -> v > 4096);
            prom.await("rynxs_volume_free_bytes", v -> v > 0);
            prom.await("rynxs_volume_free_bytes / rynxs_volume_size_bytes", v -> v > 0 && v < 1);
            prom.await("rynxs_build_info{version!=\"\",java_version!=\"\"}", v -> v == 1);
            prom.await("rynxs_head_seq", v -> v >= 25);
            prom.await("rynxs_unshipped_events", v -> v == 0);
            scrapes.add(scrape(serve));

            s3.stop();
            append(serve, 15);
            prom.await("rynxs_unshipped_events", v -> v >= 15);
            prom.await("rynxs_segment_ship_failures_total{reason=\"io\"}", v -> v >= 1);
            scrapes.add(scrape(serve));
            prom.await("rynxs_segment_ship_failures_total{reason=\"io\"}", v -> v >= 3);
            prom.await("increase(rynxs_segment_ship_failures_total{reason=\"io\"}[1m])", v -> v > 0);
            scrapes.add(scrape(serve));

            s3.start();
            prom.await("rynxs_unshipped_events", v -> v == 0);
            scrapes.add(scrape(serve));

            Path db = data.resolve("events.db");
            Matcher first = Pattern.compile("\"treeSize\":(\\d+)").matcher(serve.get(serve.apiPort, "/api/v1/checkpoints?limit=1").body());
            assertThat(first.find()).isTrue();
            long size = Long.parseLong(first.group(1));
            Tamper.sql(db, "DROP TRIGGER IF EXISTS checkpoints_no_update",
                    "UPDATE checkpoints SET note = substr(note, 1, length(note) - 8) || CASE substr(note, length(note) - 7, 1)"
                            + " WHEN 'A' THEN 'B' ELSE 'A' END || substr(note, length(note) - 6) WHERE tree_size = " + size);
            assertThat(serve.get(serve.apiPort, "/api/v1/checkpoints/" + size + "/verify").body()).contains("\"BAD_SIGNATURE\"");
            Tamper.sql(db, "UPDATE events SET payload = '{\"tool\":\"forged\"}' WHERE seq = 3");
            assertThat(serve.get(serve.apiPort, "/api/v1/verify").body()).contains("\"ok\":false");
            prom.await("rynxs_checkpoint_verify_failures_total{code=\"BAD_SIGNATURE\"}", v -> v == 1);
            prom.await("rynxs_verify_failures_total", v -> v == 1);
            scrapes.add(scrape(serve));
            assertThat(serve.logText()).contains("checkpoint " + size + " does not verify: BAD_SIGNATURE")
                    .contains("verify: the log does not verify: HASH_MISMATCH at seq 3");

            JsonNode rules = PrometheusRules.spec();
            assertThat(scrapes.get(scrapes.size() - 1)).as("no witnesses, no quorum to miss").doesNotContain("rynxs_witness_quorum_met");
            assertThat(inputs(rules)).as("every alert's input series is exposed by a real run (the witnesses' once there are witnesses)")
                    .filteredOn(name -> !name.startsWith("rynxs_witness_"))
                    .allSatisfy(name -> assertThat(scrapes.get(scrapes.size() - 1)).contains("\n" + name));
            promtoolOnScrapes(rules, scrapes);
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(20, TimeUnit.SECONDS);
            }
            s3.close();
        }
    }

    private int promPort;

    private Process prometheus(int metricsPort) throws IOException {
        promPort = ServeProcess.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: rynxs\n    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + metricsPort + "']\n");
        return new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true).redirectOutput(dir.resolve("prom.log").toFile()).start();
    }

    /** PromQL instant queries against the Prometheus of this test. */
    private record Prom(ServeProcess serve, int port) {
        void await(String promql, DoublePredicate ok) {
            Awaitility.await(promql).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ok.test(value(promql)));
        }

        double value(String promql) throws IOException, InterruptedException {
            String body = serve.get(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
            Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]").matcher(body);
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        }
    }

    private static void append(ServeProcess serve, int n) throws IOException, InterruptedException {
        for (int i = 0; i < n; i++) {
            assertThat(serve.postEvent("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/m\",\"payload\":{\"i\":" + i + "}}")
                    .statusCode()).isEqualTo(201);
        }
    }

    private static String scrape(ServeProcess serve) throws IOException, InterruptedException {
        HttpResponse<String> r = serve.get(serve.metricsPort, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return "\n" + r.body();
    }

    /** The metric names the rules read. */
    private static TreeSet<String> inputs(JsonNode rules) {
        TreeSet<String> names = new TreeSet<>();
        rules.get("groups").valueStream().flatMap(g -> g.get("rules").valueStream()).forEach(r -> {
            Matcher m = Pattern.compile("rynxs_[a-z_]+").matcher(r.get("expr").asString());
            while (m.find()) {
                names.add(m.group());
            }
        });
        return names;
    }

    /**
     * promtool over the run's own scrapes, laid on a timeline of minutes: healthy (0), the outage's first and later
     * scrape (20, 45), recovered (50), tampered (60), held to 75. A gauge holds each scrape's value until the next; a counter
     * too, and steps to the next scrape's value at its minute, except during the outage, where it runs linearly from one
     * scrape's value to the next, as the retries came.
     */
    private static void promtoolOnScrapes(JsonNode rules, List<String> scrapes) throws Exception {
        int[] at = {0, 20, 45, 50, 60};
        // Between two scrapes of the outage its failures came steadily; otherwise a counter moved just before the next scrape.
        boolean[] linear = {false, true, false, false};
        int end = 75;
        List<Map<String, Double>> parsed = scrapes.stream().map(MetricsMoveIT::samples).toList();
        TreeSet<String> inputs = inputs(rules);
        Map<String, String> seriesValues = new TreeMap<>();
        for (String series : parsed.get(parsed.size() - 1).keySet()) {
            String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            if (!inputs.contains(name)) {
                continue;
            }
            boolean counter = name.endsWith("_total");
            StringBuilder values = new StringBuilder();
            for (int minute = 0; minute <= end; minute++) {
                int k = 0;
                while (k + 1 < at.length && at[k + 1] <= minute) {
                    k++;
                }
                double v = parsed.get(k).getOrDefault(series, 0.0);
                if (counter && k + 1 < at.length && linear[k]) {
                    double next = parsed.get(k + 1).getOrDefault(series, 0.0);
                    v += (next - v) * (minute - at[k]) / (at[k + 1] - at[k]);
                }
                values.append(minute == 0 ? "" : " ").append(v);
            }
            String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
            seriesValues.put(name + "{namespace=\"rynxs\",pod=\"rynxs-0\"" + (labels.isEmpty() ? "" : "," + labels) + "}", values.toString());
        }
        StringBuilder test = new StringBuilder("rule_files:\n  - rules.yaml\nevaluation_interval: 1m\ntests:\n  - name: a real run\n"
                + "    interval: 1m\n    input_series:\n");
        seriesValues.forEach((s, v) -> test.append("      - series: '").append(s).append("'\n        values: '").append(v).append("'\n"));
        test.append("    alert_rule_test:\n");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        rules.get("groups").valueStream().flatMap(g -> g.get("rules").valueStream()).forEach(r -> byName.put(r.get("alert").asString(), r));
        for (String quiet : List.of("RynxsShippingStalled", "RynxsShippingFailing", "RynxsVerifyFailures", "RynxsCheckpointVerifyFailures",
                "RynxsLogRefused", "RynxsLeaderMissing", "RynxsVolumeFilling", "RynxsCheckpointsFailing", "RynxsUnshippedEventsGrowing")) {
            expect(test, 15, quiet, null, null);
        }
        expect(test, 44, "RynxsShippingStalled", byName.get("RynxsShippingStalled"), Map.of());
        expect(test, 44, "RynxsShippingFailing", byName.get("RynxsShippingFailing"), Map.of("reason", "io"));
        expect(test, 62, "RynxsShippingStalled", null, null);
        expect(test, 62, "RynxsVerifyFailures", byName.get("RynxsVerifyFailures"), Map.of());
        expect(test, 62, "RynxsLogRefused", byName.get("RynxsLogRefused"), Map.of());
        expect(test, 62, "RynxsCheckpointVerifyFailures", byName.get("RynxsCheckpointVerifyFailures"), Map.of("code", "BAD_SIGNATURE"));
        Path tmp = Files.createTempDirectory("promtool-run");
        PrometheusRules.write(tmp);
        Files.writeString(tmp.resolve("run.test.yaml"), test.toString());
        assertThat(PrometheusRules.promtool(tmp, "test", "rules", "run.test.yaml")).as(test.toString()).startsWith("0\n").contains("SUCCESS");
    }

    /** One alert_rule_test entry: {@code rule} null for none firing, else firing with {@code labels} and the rule's annotations. */
    private static void expect(StringBuilder test, int minute, String alert, JsonNode rule, Map<String, String> labels) {
        test.append("      - eval_time: ").append(minute).append("m\n        alertname: ").append(alert).append('\n');
        if (rule == null) {
            test.append("        exp_alerts: []\n");
            return;
        }
        test.append("        exp_alerts:\n          - exp_labels:\n              severity: ").append(rule.at("/labels/severity").asString()).append('\n');
        labels.forEach((k, v) -> test.append("              ").append(k).append(": ").append(v).append('\n'));
        test.append("            exp_annotations:\n");
        for (String a : List.of("summary", "description", "runbook_url")) {
            String text = rule.at("/annotations/" + a).asString();
            for (Map.Entry<String, String> l : labels.entrySet()) {
                text = text.replace("{{ $labels." + l.getKey() + " }}", l.getValue());
            }
            test.append("              ").append(a).append(": ").append(Json.write(text)).append('\n');
        }
    }

    /** Series (name with its labels as exposed) to value, from an exposition's sample lines. */
    private static Map<String, Double> samples(String exposition) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space).trim();
            String value = line.substring(space + 1).trim();
            out.put(series, value.equals("NaN") ? 0.0 : Double.parseDouble(value));
        }
        return out;
    }
}
