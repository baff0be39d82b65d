package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: serve on the embedded default, take appends, stop cleanly on SIGTERM, and come back with the same log. */
class ServeIT {
    @TempDir
    Path dir;

    @Test
    void serve_takes_appends_signs_checkpoints_and_stops_cleanly_on_sigterm() throws Exception {
        Path data = dir.resolve("data");
        String head;
        try (ServeProcess serve = ServeProcess.start(data, Map.of("RYNXS_CHECKPOINT_INTERVAL", "1s", "RYNXS_LINE_BUNDLE_EVENTS", "2"))) {
            assertThat(serve.logText()).contains("\"level\":\"WARN\"").contains("generated").contains("signing.key");
            assertThat(serve.logText()).contains("serving the log alone").contains("gzip by libdeflate");
            for (int i = 0; i < 3; i++) {
                assertThat(serve.postEvent("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s1\",\"payload\":{\"i\":" + i + "}}")
                        .statusCode()).isEqualTo(201);
            }
            head = serve.get(serve.apiPort, "/api/v1/head").body();
            assertThat(head).contains("\"seq\":3");
            // The background step writes the full bundle of seqs 1-2; the page is served from it and the table's tail.
            // The file is renamed into place a moment before the step logs it: wait for both.
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(data.resolve("events.db-lines/00000000000000000001.lines"))
                            && serve.logText().contains("1 line bundle(s) written"));
            // Each request has its access line: JSON with typed fields and the request's own ids.
            assertThat(serve.logText().lines().filter(l -> l.contains("\"logger\":\"io.rynxs.access\"")
                    && l.contains("\"route\":\"/api/v1/events\""))).hasSize(3).allSatisfy(l -> assertThat(l)
                    .contains("\"level\":\"INFO\"", "\"method\":\"POST\"", "\"status\":201", "\"message\":\"POST /api/v1/events 201 ")
                    .containsPattern("\"duration_ms\":[0-9.]+[,}]").containsPattern("\"trace_id\":\"[0-9a-f]{32}\"")
                    .containsPattern("\"span_id\":\"[0-9a-f]{16}\""));
            String page = serve.get(serve.apiPort, "/api/v1/events?limit=10").body();
            assertThat(page.indexOf("{\"i\":0}")).isPositive().isLessThan(page.indexOf("{\"i\":1}"));
            assertThat(page.indexOf("{\"i\":1}")).isLessThan(page.indexOf("{\"i\":2}"));
            // External types share one series; the operator's own are there from the start, at zero.
            assertThat(serve.get(serve.metricsPort, "/metrics").body()).contains("rynxs_events_total{event_type=\"external\"} 3.0")
                    .contains("rynxs_events_total{event_type=\"AgentObserved\"} 0.0").doesNotContain("audit.ToolInvoked");
            assertThat(serve.terminate()).isZero();
            assertThat(serve.logText()).contains("stopping: refusing new work").contains("stopped; head seq 3");
        }
        RynxsJar.Result segments = RynxsJar.run("segments", "verify", "--from", data.resolve("sink").toUri().toString(),
                "--vkey", data.resolve("keys/verifier.vkey").toString(), "--json");
        assertThat(segments.exit()).as("the tail was sealed and shipped on SIGTERM: " + segments).isZero();
        assertThat(segments.out()).contains("\"events\":3");
        assertThat(data.resolve("keys/signing.key")).exists();
        RynxsJar.Result verify = RynxsJar.run("verify", "--db", data.resolve("events.db").toString(), "--json");
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("\"events\":3");
        RynxsJar.Result cp = RynxsJar.run("checkpoint", "create", "--db", data.resolve("events.db").toString(),
                "--key", data.resolve("keys/signing.key").toString(), "--json");
        assertThat(cp.out()).as("the final checkpoint at shutdown already covers size 3").contains("\"treeSize\":3");

        // The same sink, now sealed by zlib: the objects differ in how they are compressed, never in what they hold.
        try (ServeProcess again = ServeProcess.start(data, Map.of("RYNXS_SEGMENTS_GZIP", "zlib"))) {
            assertThat(again.get(again.apiPort, "/api/v1/head").body()).isEqualTo(head);
            assertThat(again.logText()).doesNotContain("generated").contains("gzip by zlib");
            assertThat(again.postEvent("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s1\",\"payload\":{\"i\":3}}")
                    .statusCode()).isEqualTo(201);
            head = again.get(again.apiPort, "/api/v1/head").body();
            assertThat(again.terminate()).isZero();
        }
        RynxsJar.Result mixed = RynxsJar.run("segments", "verify", "--from", data.resolve("sink").toUri().toString(),
                "--vkey", data.resolve("keys/verifier.vkey").toString(), "--json");
        assertThat(mixed.exit()).as(mixed.toString()).isZero();
        assertThat(mixed.out()).contains("\"segments\":2").contains("\"events\":4");

        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(data.resolve("events.db" + suffix));
        }
        // A fresh volume's empty database file, and what a start-up restore killed halfway would have left beside it.
        Files.createFile(data.resolve("events.db"));
        Files.writeString(data.resolve("events.db.restoring"), "half a database");
        try (ServeProcess restored = ServeProcess.start(data, Map.of())) {
            assertThat(restored.logText()).contains("restoring from them first").contains("restored 4 events");
            assertThat(restored.get(restored.apiPort, "/api/v1/head").body()).isEqualTo(head);
            assertThat(restored.terminate()).isZero();
        }
        assertThat(data.resolve("events.db.restoring")).doesNotExist();
    }

    @Test
    void a_bad_configuration_value_stops_start_up_naming_the_key_the_value_and_what_is_allowed() {
        RynxsJar.Result r = RynxsJar.run(Map.of("RYNXS_CHECKPOINT_INTERVAL", "soon"), List.of("serve", "--data", dir.resolve("d").toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("RYNXS_CHECKPOINT_INTERVAL=\"soon\" is not allowed (a duration such as 500ms, 15s, 2m or 1h");
        assertThat(r.err()).as("bad input gets one line, not a stack trace").doesNotContain("\tat ");
        RynxsJar.Result open = RynxsJar.run(Map.of("RYNXS_BIND", "0.0.0.0"), List.of("serve", "--data", dir.resolve("d").toString()));
        assertThat(open.exit()).isEqualTo(2);
        assertThat(open.err()).contains("RYNXS_API_AUTH=\"none\" is not allowed").contains("loopback").doesNotContain("\tat ");
        RynxsJar.Result gzip = RynxsJar.run(Map.of("RYNXS_SEGMENTS_GZIP", "zstd"), List.of("serve", "--data", dir.resolve("d").toString()));
        assertThat(gzip.exit()).isEqualTo(2);
        assertThat(gzip.err()).contains("RYNXS_SEGMENTS_GZIP=\"zstd\" is not allowed (one of auto, libdeflate, zlib)").doesNotContain("\tat ");
        // The operator's and the S3 keys are checked at start like the rest, with or without a cluster or an s3:// sink.
        for (List<String> serve : List.of(List.of("serve", "--operator", "--data", dir.resolve("d").toString()),
                List.of("serve", "--data", dir.resolve("d").toString()))) {
            RynxsJar.Result workers = RynxsJar.run(Map.of("RYNXS_RECONCILE_WORKERS", "x"), serve);
            assertThat(workers.exit()).as(workers.toString()).isEqualTo(2);
            assertThat(workers.errLines()).as("one line: " + workers).containsExactly(
                    "rynxs serve: configuration RYNXS_RECONCILE_WORKERS=\"x\" is not allowed (an integer in 1..64)");
        }
        RynxsJar.Result pathStyle = RynxsJar.run(Map.of("RYNXS_S3_PATH_STYLE", "yes"), List.of("serve", "--data", dir.resolve("d").toString()));
        assertThat(pathStyle.exit()).isEqualTo(2);
        assertThat(pathStyle.errLines()).as("one line: " + pathStyle).containsExactly(
                "rynxs serve: configuration RYNXS_S3_PATH_STYLE=\"yes\" is not allowed (true or false)");
    }
}
