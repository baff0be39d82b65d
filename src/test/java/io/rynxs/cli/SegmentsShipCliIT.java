package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code segments ship} and {@code bench ship} as a user runs them: the shaded jar, real argv, real files. */
class SegmentsShipCliIT {
    @TempDir
    Path dir;

    @Test
    void ship_uploads_what_seal_sealed_while_the_sink_was_broken_and_seals_nothing_itself() throws IOException {
        Path keys = dir.resolve("keys");
        assertOk(RynxsJar.run("keygen", "--name", "rynxs.example/ship", "--out", keys.toString()));
        Path db = appendEvents("events.db", 25);
        Path sink = dir.resolve("sink");
        Files.createDirectories(sink);
        Files.writeString(sink.resolve("segments"), "a file where the segments directory must go");
        String key = keys.resolve("signing.key").toString();

        RynxsJar.Result broken = RynxsJar.run("segments", "seal", "--db", db.toString(), "--sink", sink.toString(), "--key", key,
                "--max-events", "10", "--force", "--json");
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(2);
        assertThat(broken.errLines()).hasSize(1);
        assertThat(broken.errLines().get(0)).contains(sink.resolve("segments").toString());

        Files.delete(sink.resolve("segments"));
        Map<String, Object> shipped = json(assertOk(RynxsJar.run("segments", "ship", "--db", db.toString(), "--sink", sink.toString(),
                "--json")));
        assertThat(shipped).containsEntry("ok", true).containsEntry("shipped", List.of("1-10")).containsEntry("shippedThrough", 10L)
                .containsEntry("head", 25L).containsEntry("unshipped", 15L);
        assertThat(json(assertOk(RynxsJar.run("segments", "ship", "--db", db.toString(), "--sink", sink.toString(), "--json"))))
                .as("nothing left to ship, and nothing sealed").containsEntry("shipped", List.of()).containsEntry("unshipped", 15L);

        Map<String, Object> verified = json(assertOk(RynxsJar.run("segments", "verify", "--from", sink.toString(), "--vkey",
                keys.resolve("verifier.vkey").toString(), "--json")));
        assertThat(verified).containsEntry("ok", true).containsEntry("segments", 1L).containsEntry("events", 10L);
        assertThat(json(assertOk(RynxsJar.run("segments", "seal", "--db", db.toString(), "--sink", sink.toString(), "--key", key,
                "--max-events", "10", "--force", "--json")))).containsEntry("shipped", List.of("11-20", "21-25"));
    }

    @Test
    void bench_ship_ships_a_copy_that_verifies_reports_a_rate_next_to_its_baseline_and_leaves_the_log_unsealed() throws IOException {
        Path db = appendEvents("bench.db", 25);
        Path sink = Files.createDirectories(dir.resolve("bench-sink"));

        Map<String, Object> out = json(assertOk(RynxsJar.run("bench", "ship", "--db", db.toString(), "--sink", sink.toUri().toString(),
                "--max-events", "10", "--work-dir", dir.resolve("work").toString(), "--json")));

        assertThat(out).containsEntry("events", 25L).containsEntry("segments", 3L).containsEntry("gzipLevel", 1L);
        assertThat((Long) out.get("eventsPerSecond")).isPositive();
        assertThat((Long) ((Map<?, ?>) out.get("baseline")).get("eventsPerSecond")).isPositive();
        assertThat((Double) out.get("ratio")).isPositive();
        assertThat((String) out.get("sink")).startsWith(sink.toUri() + "bench-");
        assertThat((Long) out.get("objectBytes")).isPositive().isLessThan((Long) out.get("ndjsonBytes"));
        assertThat(out).containsKey("loadAverage").containsEntry("warmupRuns", 1L);
        assertThat((List<?>) out.get("warmupEventsPerSecond")).hasSize(1);
        // The warm-up run shipped a whole copy of its own, under its own prefix.
        Path warmSink = Path.of(URI.create(((String) out.get("sink")).replaceFirst("/$", "-warmup-1/")));
        try (var segments = Files.list(warmSink.resolve("segments"))) {
            assertThat(segments).hasSize(3);
        }
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left).as("the copy is deleted").isEmpty();
        }

        Map<String, Object> verified = json(assertOk(RynxsJar.run("segments", "verify", "--from", (String) out.get("sink"), "--vkey",
                (String) out.get("vkey"), "--json")));
        assertThat(verified).containsEntry("ok", true).containsEntry("segments", 3L).containsEntry("events", 25L);

        Path keys = dir.resolve("keys");
        assertOk(RynxsJar.run("keygen", "--name", "rynxs.example/bench", "--out", keys.toString()));
        assertThat(json(assertOk(RynxsJar.run("segments", "seal", "--db", db.toString(), "--sink", dir.resolve("other").toString(),
                "--key", keys.resolve("signing.key").toString(), "--max-events", "10", "--force", "--json"))))
                .as("the benchmark sealed a copy, not the log").containsEntry("shipped", List.of("1-10", "11-20", "21-25"));
    }

    @Test
    void bench_ship_refuses_a_missing_log_and_a_segment_size_out_of_range_naming_what_is_allowed() {
        RynxsJar.Result missing = RynxsJar.run("bench", "ship", "--db", dir.resolve("nope.db").toString(), "--sink",
                dir.resolve("s").toString(), "--json");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.errLines()).hasSize(1);
        assertThat(missing.errLines().get(0)).contains("nope.db").contains("does not exist");

        RynxsJar.Result zero = RynxsJar.run("bench", "ship", "--db", dir.resolve("nope.db").toString(), "--sink",
                dir.resolve("s").toString(), "--max-events", "0", "--json");
        assertThat(zero.exit()).as(zero.toString()).isEqualTo(2);
        assertThat(zero.errLines().get(0)).contains("maxEvents 0").contains("1..1000000");
    }

    @Test
    void both_commands_explain_themselves_with_an_example() {
        for (List<String> command : List.of(List.of("segments", "ship", "--help"), List.of("bench", "ship", "--help"))) {
            RynxsJar.Result help = assertOk(RynxsJar.run(command));
            assertThat(help.out()).as(String.join(" ", command)).contains("Example").contains("rynxs " + command.get(0) + " ship --db");
        }
    }

    private Path appendEvents(String name, int n) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s" + (i % 3) + "\",\"payload\":{\"tool\":\"t" + i + "\"}}");
        }
        Path file = dir.resolve(name + ".ndjson");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Path db = dir.resolve(name);
        assertOk(RynxsJar.run("append", "--db", db.toString(), "--from-ndjson", file.toString()));
        return db;
    }

    private static RynxsJar.Result assertOk(RynxsJar.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static Map<String, Object> json(RynxsJar.Result r) {
        return Json.parseObject(r.out().strip(), 10);
    }
}
