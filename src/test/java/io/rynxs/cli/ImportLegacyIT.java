package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code rynxs import-legacy} through the real jar, on the golden rynxs-python logs. */
class ImportLegacyIT {
    private static final Path FIXTURES = Path.of("..", "shared", "fixtures", "rynxs-python");

    @TempDir
    Path dir;

    static Stream<Arguments> golden() {
        return Stream.of(
                Arguments.of("v1/operator_log_small.jsonl", 12, "ce53a39ddb47d0543510b55955e303c69489ca9f56e26671539b8a26d5fa276d"),
                Arguments.of("v1/operator_log_weird.jsonl", 19, "9a056719668eb13311700b0538d2684c3bf96cfbf55f1b82d5222a8dc4f08390"),
                Arguments.of("v2/operator_log_small.jsonl", 12, "7bfdfaffe5d9e29f638aa3dc22a947cbd514f65b0b46c79c313424e2b7ffdef4"),
                Arguments.of("v2/operator_log_weird.jsonl", 19, "084771ec62050e4faef22950ebb9809889a377ac7d5b501aea3f059fc42db301"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void a_golden_log_imports_keeps_each_legacy_hash_seq_and_ts_and_the_log_still_verifies(String file, int records, String head)
            throws IOException {
        Path db = dir.resolve("events.db");
        Path from = FIXTURES.resolve(file);
        List<Map<String, Object>> legacy = legacyRecords(from);

        RynxsJar.Result imported = RynxsJar.run("import-legacy", "--from", from.toString(), "--db", db.toString(), "--json");

        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(json(imported.out())).containsEntry("ok", true).containsEntry("records", (long) records)
                .containsEntry("legacyHead", head).containsEntry("firstSeq", 1L).containsEntry("lastSeq", (long) records);
        RynxsJar.Result verify = RynxsJar.run("verify", "--db", db.toString(), "--json");
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(json(verify.out())).containsEntry("events", (long) records + 1);

        List<Map<String, Object>> observed = events(db, "legacy.AgentObserved");
        List<Map<String, Object>> expected = legacy.stream().filter(r -> "AgentObserved".equals(event(r).get("type"))).toList();
        assertThat(observed).hasSameSizeAs(expected).isNotEmpty();
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> kept = legacyMeta(observed.get(i));
            assertThat(kept).containsEntry("event_hash", expected.get(i).get("event_hash"))
                    .containsEntry("seq", event(expected.get(i)).get("seq")).containsEntry("ts", event(expected.get(i)).get("ts"))
                    .containsEntry("hash_version", file.substring(0, 2));
            assertThat(observed.get(i).get("payload")).isEqualTo(event(expected.get(i)).get("payload"));
            assertThat(observed.get(i).get("aggregate")).isEqualTo(event(expected.get(i)).get("aggregate_id"));
        }
        List<Map<String, Object>> summaries = events(db, "LegacyLogImported");
        assertThat(summaries).singleElement().satisfies(s -> assertThat(payload(s)).containsEntry("headHash", head)
                .containsEntry("records", (long) records).containsEntry("lastSeq", (long) records - 1)
                .containsEntry("source", from.toString()));
    }

    @Test
    void rotated_segments_import_in_the_order_of_their_numbers() throws IOException {
        List<String> all = Files.readAllLines(FIXTURES.resolve("v1/operator_log_weird.jsonl"), StandardCharsets.UTF_8);
        Path logs = Files.createDirectory(dir.resolve("logs"));
        write(logs.resolve("operator-events.log.seg-000002"), all.subList(6, 13));
        write(logs.resolve("operator-events.log.seg-000001"), all.subList(0, 6));
        write(logs.resolve("operator-events.log"), all.subList(13, 19));
        Path db = dir.resolve("events.db");

        RynxsJar.Result imported = RynxsJar.run("import-legacy", "--from", logs.resolve("operator-events.log").toString(),
                "--db", db.toString(), "--json");

        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(json(imported.out())).containsEntry("records", 19L)
                .containsEntry("legacyHead", "9a056719668eb13311700b0538d2684c3bf96cfbf55f1b82d5222a8dc4f08390");
        List<Object> seqs = new ArrayList<>();
        for (Map<String, Object> e : allEvents(db)) {
            if (((String) e.get("type")).startsWith("legacy.")) {
                seqs.add(legacyMeta(e).get("seq"));
            }
        }
        assertThat(seqs).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L);
    }

    @Test
    void a_directory_of_one_object_per_event_imports() throws IOException {
        List<String> all = Files.readAllLines(FIXTURES.resolve("v2/operator_log_small.jsonl"), StandardCharsets.UTF_8);
        Path prefix = Files.createDirectory(dir.resolve("events"));
        for (int i = 0; i < all.size(); i++) {
            Files.writeString(prefix.resolve(String.format("%010d.json", i)), all.get(i), StandardCharsets.UTF_8);
        }
        Path db = dir.resolve("events.db");

        RynxsJar.Result imported = RynxsJar.run("import-legacy", "--from", prefix.toString(), "--db", db.toString(), "--json");

        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(json(imported.out())).containsEntry("records", 12L)
                .containsEntry("legacyHead", "7bfdfaffe5d9e29f638aa3dc22a947cbd514f65b0b46c79c313424e2b7ffdef4");
        assertThat(RynxsJar.run("verify", "--db", db.toString()).exit()).isZero();
    }

    @Test
    void importing_the_same_log_twice_is_refused_unless_duplicates_are_allowed() {
        Path db = dir.resolve("events.db");
        String from = FIXTURES.resolve("v1/operator_log_small.jsonl").toString();
        assertThat(RynxsJar.run("import-legacy", "--from", from, "--db", db.toString()).exit()).isZero();

        RynxsJar.Result again = RynxsJar.run("import-legacy", "--from", from, "--db", db.toString(), "--json");

        assertThat(again.exit()).as(again.toString()).isEqualTo(2);
        assertThat(again.err()).contains("already holds the legacy log").contains("--allow-duplicate");
        assertThat(allEvents(db)).hasSize(13);
        RynxsJar.Result allowed = RynxsJar.run("import-legacy", "--from", from, "--db", db.toString(), "--allow-duplicate", "--json");
        assertThat(allowed.exit()).as(allowed.toString()).isZero();
        assertThat(json(allowed.out())).containsEntry("firstSeq", 14L).containsEntry("lastSeq", 25L);
        assertThat(RynxsJar.run("verify", "--db", db.toString()).exit()).isZero();
    }

    @Test
    void a_tampered_log_is_refused_naming_the_record_and_nothing_is_written() throws IOException {
        Path db = dir.resolve("events.db");
        assertThat(RynxsJar.run("append", "--db", db.toString(), "--type", "AgentObserved", "--aggregate", "agent/a/b").exit()).isZero();
        List<String> lines = new ArrayList<>(Files.readAllLines(FIXTURES.resolve("v2/operator_log_weird.jsonl"), StandardCharsets.UTF_8));
        assertThat(lines.get(9)).contains("\"result_code\":\"OK\"");
        lines.set(9, lines.get(9).replace("\"result_code\":\"OK\"", "\"result_code\":\"ok\""));
        Path tampered = dir.resolve("tampered.jsonl");
        write(tampered, lines);

        RynxsJar.Result refused = RynxsJar.run("import-legacy", "--from", tampered.toString(), "--db", db.toString(), "--json");

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        Map<String, Object> out = json(refused.out());
        assertThat(out).containsEntry("ok", false).containsEntry("file", tampered.toString()).containsEntry("line", 10L)
                .containsEntry("legacySeq", 9L);
        assertThat((String) out.get("reason")).contains("event_hash does not match the v2 hash");
        assertThat(allEvents(db)).hasSize(1);
    }

    private static List<Map<String, Object>> legacyRecords(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(Json.parseObject(line, 80));
        }
        return out;
    }

    private static List<Map<String, Object>> events(Path db, String type) {
        RynxsJar.Result r = RynxsJar.run("events", "--db", db.toString(), "--type", type);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().map(ImportLegacyIT::json).toList();
    }

    private static List<Map<String, Object>> allEvents(Path db) {
        RynxsJar.Result r = RynxsJar.run("events", "--db", db.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().map(ImportLegacyIT::json).toList();
    }

    private static Map<String, Object> json(String text) {
        return Json.parseObject(text.strip(), 80);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(Map<String, Object> record) {
        return (Map<String, Object>) record.get("event");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> event) {
        return (Map<String, Object>) event.get("payload");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> legacyMeta(Map<String, Object> event) {
        return (Map<String, Object>) ((Map<String, Object>) event.get("meta")).get("legacy");
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
