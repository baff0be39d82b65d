package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rynxs.Tamper;
import io.rynxs.event.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An attacker with write access to the data volume, against a log that was signed and shipped: 3,000 events,
 * checkpoints at 1,000, 1,500, 2,500 and 3,000, four segments in a file sink. Each case edits a fresh copy of
 * the database behind Rynxs' back (triggers dropped), then: {@code rynxs verify} against the sink names the
 * first bad seq and what it contradicts; {@code checkpoint create} and {@code segments seal} refuse; and
 * {@code rynxs serve} on it is not ready, says why, refuses appends and checkpoints, and on SIGTERM has written
 * nothing: no event, no checkpoint, no object in the sink.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogTamperIT {
    private static final int HALF = 1_500;
    private static final int EVENTS = 3_000;
    private static final int MIDDLE = 1_500;
    private static final String ORIGIN = "rynxs.example/tamper";
    private static final String FORGED = "{\"n\":0,\"tool\":\"rm -rf\"}";
    private static final String DROP = "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; ";

    /** Made by {@link #a_signed_and_shipped_log} (an instance {@code @TempDir} is not there yet in a per-class {@code @BeforeAll}). */
    Path dir;
    Path base;
    Path old;
    Path keys;
    Path sink;

    @BeforeAll
    void a_signed_and_shipped_log() throws IOException {
        dir = Files.createTempDirectory("rynxs-tamper");
        keys = dir.resolve("keys");
        assertOk(RynxsJar.run("keygen", "--name", ORIGIN, "--out", keys.toString()));
        base = dir.resolve("base").resolve("events.db");
        Files.createDirectories(base.getParent());
        sink = dir.resolve("sink");
        appendAndShip(1, HALF);
        old = dir.resolve("old.db");
        copyDb(base, old);
        appendAndShip(HALF + 1, EVENTS);
    }

    private void appendAndShip(int from, int to) throws IOException {
        Path ndjson = dir.resolve("events-" + from + ".ndjson");
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s").append(i % 7)
                    .append("\",\"payload\":{\"n\":").append(i).append(",\"tool\":\"kubectl\"}}\n");
        }
        Files.writeString(ndjson, b.toString());
        assertOk(RynxsJar.run("append", "--db", base.toString(), "--from-ndjson", ndjson.toString(), "--json"));
        assertOk(RynxsJar.run("checkpoint", "create", "--db", base.toString(), "--key", key().toString()));
        assertOk(RynxsJar.run("segments", "seal", "--db", base.toString(), "--sink", sinkUri(sink), "--key", key().toString(),
                "--max-events", "1000", "--force", "--json"));
    }

    /** A tampering: what it does to the copy, and the seq and code {@code rynxs verify} must name. */
    record Tampering(String name, Edit edit, long seq, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Edit {
        void apply(LogTamperIT t, Path db) throws Exception;
    }

    Stream<Arguments> tamperings() {
        return Stream.of(
                new Tampering("the tail deleted (1 row)", (t, db) -> sql(db, DROP + "DELETE FROM events WHERE seq = " + EVENTS + ";"),
                        EVENTS, "TRUNCATED"),
                new Tampering("the tail deleted (100 rows)", (t, db) -> sql(db, DROP + "DELETE FROM events WHERE seq > " + (EVENTS - 100) + ";"),
                        EVENTS - 99, "TRUNCATED"),
                new Tampering("a payload changed", (t, db) -> sql(db, DROP + "UPDATE events SET payload = '{\"n\":" + MIDDLE
                        + ",\"tool\":\"rm -rf\"}' WHERE seq = " + MIDDLE + ";"), MIDDLE, "HASH_MISMATCH"),
                new Tampering("one row re-hashed", (t, db) -> Tamper.rehash(db, MIDDLE - 1, MIDDLE - 1, FORGED), MIDDLE - 1, "LINK_BROKEN"),
                new Tampering("a suffix re-hashed to the head", (t, db) -> Tamper.rehash(db, MIDDLE, EVENTS, FORGED), MIDDLE, "ROOT_MISMATCH"),
                new Tampering("two rows swapped", (t, db) -> swap(db, MIDDLE, MIDDLE + 1), MIDDLE, "HASH_MISMATCH"),
                new Tampering("the database rolled back to an older copy", (t, db) -> copyDb(t.old, db), HALF + 1, "TRUNCATED"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void a_tampered_copy_is_named_by_seq_and_nothing_is_written_on_it(Tampering t) throws Exception {
        Path data = dir.resolve("case-" + Math.abs(t.name().hashCode()));
        Path db = data.resolve("events.db");
        Path caseSink = data.resolve("sink");
        copyDb(base, db);
        copyTree(sink, caseSink);
        t.edit().apply(this, db);
        List<String> sinkBefore = listing(caseSink);
        long checkpointsBefore = count(db, "SELECT COUNT(*) FROM checkpoints");
        long headBefore = count(db, "SELECT COALESCE(MAX(seq), 0) FROM events");

        RynxsJar.Result verify = RynxsJar.run("verify", "--db", db.toString(), "--vkey", vkey().toString(), "--sink", sinkUri(caseSink), "--json");
        assertThat(verify.exit()).as("%s: %s", t, verify).isEqualTo(1);
        Map<String, Object> report = Json.parseObject(verify.out().strip(), 8);
        assertThat(report).as(t.name()).containsEntry("ok", false).containsEntry("seq", t.seq()).containsEntry("code", t.code());

        RynxsJar.Result create = RynxsJar.run("checkpoint", "create", "--db", db.toString(), "--key", key().toString());
        if (t.code().equals("TRUNCATED") && t.seq() == HALF + 1) {
            // The rolled-back copy is a true prefix: without the sink it cannot know, and it signs nothing new
            // (its head is signed already); seal and serve, which read the sink, refuse.
            assertThat(create.exit()).as("%s: checkpoint create %s", t, create).isZero();
        } else {
            assertThat(create.exit()).as("%s: checkpoint create %s", t, create).isEqualTo(1);
            assertThat(create.err()).contains("refused");
        }
        RynxsJar.Result seal = RynxsJar.run("segments", "seal", "--db", db.toString(), "--sink", sinkUri(caseSink), "--key", key().toString(),
                "--force", "--json");
        assertThat(seal.exit()).as("%s: segments seal %s", t, seal).isEqualTo(1);

        try (ServeProcess serve = ServeProcess.startAnswering(data, Map.of("RYNXS_SIGNING_KEY_FILE", key().toString(),
                "RYNXS_SEGMENTS_SINK", sinkUri(caseSink)), "refused for writing")) {
            // The open check may refuse first, naming the newest commitment; the audit then names the earliest fault.
            await(t.name() + ": /readyz names the fault").atMost(Duration.ofSeconds(60))
                    .until(() -> serve.readyzBody().contains(t.code() + " at seq " + t.seq()));
            assertThat(serve.get(serve.apiPort, "/readyz").statusCode()).isEqualTo(503);
            HttpResponse<String> append = serve.postEvent("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/x\",\"payload\":{}}");
            assertThat(append.statusCode()).as(append.body()).isEqualTo(503);
            assertThat(append.body()).contains("log-refused");
            HttpResponse<String> checkpoint = serve.post("/api/v1/checkpoints", "");
            assertThat(checkpoint.statusCode()).as(checkpoint.body()).isEqualTo(503);
            assertThat(serve.terminate()).isZero();
        }
        assertThat(count(db, "SELECT COUNT(*) FROM checkpoints")).as("no checkpoint signed").isEqualTo(checkpointsBefore);
        assertThat(count(db, "SELECT COALESCE(MAX(seq), 0) FROM events")).as("no event appended").isEqualTo(headBefore);
        assertThat(listing(caseSink)).as("nothing shipped").isEqualTo(sinkBefore);
    }

    @Test
    void the_rolled_back_copy_verifies_on_its_own_only_the_sink_shows_what_is_missing() {
        RynxsJar.Result alone = RynxsJar.run("verify", "--db", old.toString(), "--vkey", vkey().toString(), "--json");
        assertThat(alone.exit()).as(alone.toString()).isZero();
        assertThat(Json.parseObject(alone.out().strip(), 8)).containsEntry("headSeq", (long) HALF);
    }

    @Test
    void an_edited_line_bundle_is_never_served_and_is_set_aside() throws Exception {
        Path data = dir.resolve("bundles");
        Path db = data.resolve("events.db");
        copyDb(base, db);
        copyTree(sink, data.resolve("sink"));
        Map<String, String> env = Map.of("RYNXS_SIGNING_KEY_FILE", key().toString(), "RYNXS_SEGMENTS_SINK", sinkUri(data.resolve("sink")),
                "RYNXS_LINE_BUNDLE_EVENTS", "1000");
        Path bundles = data.resolve("events.db-lines");
        Path bundle = bundles.resolve(String.format("%020d", 1001) + ".lines");
        try (ServeProcess serve = ServeProcess.start(data, env)) {
            await("serve writes the line bundles").atMost(Duration.ofSeconds(60)).until(() -> Files.exists(bundle));
            assertThat(serve.terminate()).isZero();
        }
        byte[] bytes = Files.readAllBytes(bundle);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int line = text.indexOf("\"seq\":" + MIDDLE + ",");
        int start = text.lastIndexOf("{\"aggregate\"", line);
        int tool = text.indexOf("kubectl", start);
        assertThat(tool).isBetween(start, line);
        byte[] forged = bytes.clone();
        forged[tool + 6] = 'X';  // same length: "kubectX"
        Files.write(bundle, forged);

        String truth = RynxsJar.run("events", "--db", db.toString(), "--after-seq", String.valueOf(MIDDLE - 1), "--limit", "1").out().strip();
        try (ServeProcess serve = ServeProcess.start(data, env)) {
            HttpResponse<String> page = serve.get(serve.apiPort, "/api/v1/events?afterSeq=" + (MIDDLE - 1) + "&limit=1");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(truth).doesNotContain("kubectX");
            assertThat(serve.logText()).contains("is not the log").contains("line " + MIDDLE);
            assertThat(bundles.resolve(bundle.getFileName() + ".rejected")).exists();
            assertThat(serve.terminate()).isZero();
        }
    }

    @AfterAll
    void remove_the_copies() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private Path key() {
        return keys.resolve("signing.key");
    }

    private Path vkey() {
        return keys.resolve("verifier.vkey");
    }

    private static String sinkUri(Path p) {
        return p.toUri().toString();
    }

    private static void assertOk(RynxsJar.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Exchanges every column but seq of two rows (hash is UNIQUE: one row is parked under another hash first). */
    private static void swap(Path db, long a, long b) {
        String cols = "v, type, aggregate, time, epoch, payload, meta, prev, hash";
        sql(db, DROP + "CREATE TEMP TABLE old AS SELECT seq, " + cols + " FROM events WHERE seq IN (" + a + ", " + b + ");"
                + " UPDATE events SET hash = 'parked' WHERE seq = " + a + ";"
                + " UPDATE events SET " + copyFrom(cols, a) + " WHERE seq = " + b + ";"
                + " UPDATE events SET " + copyFrom(cols, b) + " WHERE seq = " + a + ";");
    }

    private static String copyFrom(String cols, long seq) {
        StringBuilder set = new StringBuilder();
        for (String col : cols.split(", ")) {
            set.append(set.length() == 0 ? "" : ", ").append(col).append(" = (SELECT ").append(col).append(" FROM old WHERE seq = ").append(seq)
                    .append(")");
        }
        return set.toString();
    }

    private static void sql(Path db, String script) {
        try {
            Process p = new ProcessBuilder("sqlite3", db.toString(), script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("sqlite3: %s", out).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException("run sqlite3 (apt-get install sqlite3)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long count(Path db, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            return rs.getLong(1);
        }
    }

    /** Copies a closed database with its WAL files, replacing what is there. */
    private static void copyDb(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = from.resolveSibling(from.getFileName() + suffix);
            Path t = to.resolveSibling(to.getFileName() + suffix);
            Files.deleteIfExists(t);
            if (Files.exists(f)) {
                Files.copy(f, t);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f) + " " + f.toFile().length()).sorted().toList();
        }
    }
}
