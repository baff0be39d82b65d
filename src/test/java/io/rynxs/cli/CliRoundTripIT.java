package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Event;
import io.rynxs.event.Json;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import io.rynxs.store.Head;
import io.rynxs.store.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes in through {@code rynxs append} comes out of {@code rynxs events} byte for byte, hash included. */
class CliRoundTripIT {
    @TempDir
    Path dir;

    @Test
    void events_prints_exactly_the_canonical_lines_of_what_was_appended_from_flags_and_ndjson() throws Exception {
        Path db = dir.resolve("events.db");
        RynxsJar.Result flags = RynxsJar.run("append", "--db", db.toString(), "--json", "--type", "AgentObserved",
                "--aggregate", "agent/default/ålpha", "--payload", "{\"z\":1, \"a\":\"naïve ✓ 日本 𝄞\", \"n\":1.50}", "--meta", "{\"by\":\"cli\"}");
        assertThat(flags.exit()).as(flags.toString()).isZero();
        Path ndjson = dir.resolve("in.ndjson");
        Files.writeString(ndjson, String.join("\n",
                "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"tool/grep\",\"payload\":{\"args\":[\"-r\",\"é\"]}}",
                "",
                "{\"aggregate\":\"agent/ümlaut\",\"type\":\"AgentObserved\",\"meta\":{\"k\":\"v\"}}",
                "{\"type\":\"AgentObserved\",\"aggregate\":\"agent/x\",\"payload\":{\"emoji\":\"\\ud83d\\ude00\",\"esc\":\"\\u00e9\\n\"}}") + "\n",
                StandardCharsets.UTF_8);
        RynxsJar.Result file = RynxsJar.run("append", "--db", db.toString(), "--json", "--from-ndjson", ndjson.toString());
        assertThat(file.exit()).as(file.toString()).isZero();

        RynxsJar.Result events = RynxsJar.run("events", "--db", db.toString());

        assertThat(events.exit()).as(events.toString()).isZero();
        List<Event> stored = stored(db);
        assertThat(stored).hasSize(4);
        assertThat(events.stdout()).isEqualTo(linesOf(stored));
        assertThat(Json.parseObject(flags.out().strip(), 4)).containsEntry("seq", 1L).containsEntry("hash", stored.get(0).hash());
        assertThat(Json.parseObject(file.out().strip(), 4)).containsEntry("seq", 4L).containsEntry("appended", 3L)
                .containsEntry("hash", stored.get(3).hash());
        assertThat(stored.get(0).payload().toMap()).containsEntry("a", "naïve ✓ 日本 𝄞");
        assertThat(stored.get(2).aggregate()).isEqualTo("agent/ümlaut");
        for (String line : events.out().split("\n")) {
            assertThat(new JsonCanonicalizer(line).getEncodedString()).as("line is RFC 8785 canonical").isEqualTo(line);
            Map<String, Object> fields = Json.parseObject(line, 70);
            String withoutHash = line.replaceFirst(",\"hash\":\"[0-9a-f]{64}\"", "");
            assertThat(withoutHash).hasSize(line.length() - ",\"hash\":\"\"".length() - 64);
            assertThat(sha256(new JsonCanonicalizer(withoutHash).getEncodedUTF8())).as("hash of " + line).isEqualTo(fields.get("hash"));
        }
    }

    @Test
    void events_output_is_utf8_even_when_the_locale_is_not() throws IOException {
        Path db = dir.resolve("events.db");
        Path ndjson = dir.resolve("in.ndjson");
        Files.writeString(ndjson, "{\"type\":\"AgentObserved\",\"aggregate\":\"agent/é\",\"payload\":{\"s\":\"naïve ✓\"}}\n", StandardCharsets.UTF_8);
        assertThat(RynxsJar.run("append", "--db", db.toString(), "--from-ndjson", ndjson.toString()).exit()).isZero();

        RynxsJar.Result events = RynxsJar.run(Map.of("LC_ALL", "C", "LANG", "C"), List.of("events", "--db", db.toString()));

        assertThat(events.exit()).as(events.toString()).isZero();
        assertThat(events.stdout()).isEqualTo(linesOf(stored(db)));
    }

    @Test
    void after_seq_limit_type_and_aggregate_select_the_right_events() throws IOException {
        Path db = dir.resolve("events.db");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            lines.append("{\"type\":\"").append(i % 3 == 0 ? "audit.ToolInvoked" : "AgentObserved")
                    .append("\",\"aggregate\":\"agent/").append(i % 2 == 0 ? "even" : "odd").append("\",\"payload\":{\"i\":").append(i).append("}}\n");
        }
        Files.writeString(dir.resolve("in.ndjson"), lines);
        assertThat(RynxsJar.run("append", "--db", db.toString(), "--from-ndjson", dir.resolve("in.ndjson").toString()).exit()).isZero();

        assertThat(seqs(db, "--after-seq", "3", "--limit", "4")).containsExactly(4L, 5L, 6L, 7L);
        assertThat(seqs(db, "--after-seq", "10")).containsExactly(11L, 12L);
        assertThat(seqs(db, "--limit", "2")).containsExactly(1L, 2L);
        assertThat(seqs(db, "--type", "audit.ToolInvoked")).containsExactly(3L, 6L, 9L, 12L);
        assertThat(seqs(db, "--aggregate", "agent/even")).containsExactly(2L, 4L, 6L, 8L, 10L, 12L);
        assertThat(seqs(db, "--aggregate", "agent/odd", "--type", "audit.ToolInvoked", "--after-seq", "3")).containsExactly(9L);
        assertThat(seqs(db, "--type", "NoSuchType")).isEmpty();
    }

    @Test
    void a_stale_expected_seq_is_a_conflict_and_writes_nothing() {
        Path db = threeEvents();
        Head before = head(db);

        RynxsJar.Result stale = RynxsJar.run("append", "--db", db.toString(), "--type", "AgentObserved", "--aggregate", "a/b",
                "--expected-seq", "2");

        assertThat(stale.exit()).as(stale.toString()).isEqualTo(2);
        assertThat(stale.errLines()).hasSize(1);
        assertThat(stale.err()).contains("expected head seq 2 but the head is 3");
        assertThat(head(db)).isEqualTo(before);

        RynxsJar.Result current = RynxsJar.run("append", "--db", db.toString(), "--type", "AgentObserved", "--aggregate", "a/b",
                "--expected-seq", "3");
        assertThat(current.exit()).as(current.toString()).isZero();
        assertThat(head(db).seq()).isEqualTo(4);
    }

    @Test
    void an_epoch_below_the_heads_is_fenced_and_writes_nothing() {
        Path db = threeEvents();
        assertThat(RynxsJar.run("append", "--db", db.toString(), "--type", "AgentObserved", "--aggregate", "a/b", "--epoch", "5").exit()).isZero();
        Head before = head(db);

        RynxsJar.Result fenced = RynxsJar.run("append", "--db", db.toString(), "--type", "AgentObserved", "--aggregate", "a/b", "--epoch", "4");

        assertThat(fenced.exit()).as(fenced.toString()).isEqualTo(2);
        assertThat(fenced.errLines()).hasSize(1);
        assertThat(fenced.err()).contains("epoch 4 is lower than the head's epoch 5");
        assertThat(head(db)).isEqualTo(before);
        assertThat(RynxsJar.run("append", "--db", db.toString(), "--type", "AgentObserved", "--aggregate", "a/b", "--epoch", "5").exit()).isZero();
    }

    private Path threeEvents() {
        Path db = dir.resolve("events.db");
        for (int i = 0; i < 3; i++) {
            RynxsJar.Result r = RynxsJar.run("append", "--db", db.toString(), "--type", "AgentObserved", "--aggregate", "a/b",
                    "--payload", "{\"i\":" + i + "}");
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        return db;
    }

    private static List<Long> seqs(Path db, String... filters) {
        List<String> args = new ArrayList<>(List.of("events", "--db", db.toString()));
        args.addAll(List.of(filters));
        RynxsJar.Result r = RynxsJar.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().map(l -> (Long) Json.parseObject(l, 70).get("seq")).toList();
    }

    private static List<Event> stored(Path db) {
        try (EventStore store = EventStore.open(StoreOptions.existing(db))) {
            return store.events(EventQuery.after(0, EventQuery.MAX_LIMIT));
        }
    }

    private static Head head(Path db) {
        try (EventStore store = EventStore.open(StoreOptions.existing(db))) {
            return store.head();
        }
    }

    private static byte[] linesOf(List<Event> events) {
        StringBuilder b = new StringBuilder();
        events.forEach(e -> b.append(e.line()).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
