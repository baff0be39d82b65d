package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.Json;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventStore;
import io.rynxs.store.Head;
import io.rynxs.store.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two lines of defence against editing the log: triggers refuse UPDATE and DELETE through any SQL
 * client, and once someone drops them, {@code rynxs verify} names the first modified seq.
 */
class TamperEvidenceIT {
    private static final int EVENTS = 10;
    private static final int MIDDLE = 5;
    private static final String SQLITE3 = "sqlite3";
    private static final String DROP_TRIGGERS = "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; ";

    @TempDir
    Path dir;
    Path db;
    Head head;

    @BeforeEach
    void ten_events() {
        db = dir.resolve("events.db");
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            for (int i = 1; i <= EVENTS; i++) {
                store.append(AppendRequest.of(NewEvent.of(i % 2 == 0 ? "AgentObserved" : "audit.ToolInvoked", "agent/default/a" + i,
                        "{\"n\":" + i + ",\"s\":\"naïve ✓\"}", "{\"by\":\"test\"}", JsonLimits.DEFAULT)));
            }
            head = store.head();
        }
    }

    @Test
    void update_and_delete_through_jdbc_are_refused_and_the_row_is_unchanged() throws SQLException {
        Event before = event(MIDDLE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE events SET payload = '{\"n\":999}' WHERE seq = " + MIDDLE))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("events are append-only: UPDATE is refused");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM events WHERE seq = " + MIDDLE))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("events are append-only: DELETE is refused");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM events"))
                    .hasMessageContaining("append-only");
        }
        assertThat(event(MIDDLE)).isEqualTo(before);
        assertThat(verify().exit()).isZero();
    }

    @Test
    void update_and_delete_through_the_sqlite3_cli_are_refused_and_the_row_is_unchanged() {
        Event before = event(MIDDLE);

        Sql update = sqlite3("UPDATE events SET type = 'AgentDeleted' WHERE seq = " + MIDDLE + ";");
        Sql delete = sqlite3("DELETE FROM events WHERE seq = " + MIDDLE + ";");

        assertThat(update.exit()).as(update.toString()).isNotZero();
        assertThat(update.err()).contains("events are append-only: UPDATE is refused");
        assertThat(delete.exit()).as(delete.toString()).isNotZero();
        assertThat(delete.err()).contains("events are append-only: DELETE is refused");
        assertThat(event(MIDDLE)).isEqualTo(before);
        assertThat(sqlite3("SELECT count(*) FROM events;").out().strip()).isEqualTo(String.valueOf(EVENTS));
    }

    @Test
    void verify_passes_an_untouched_log() {
        RynxsJar.Result r = verify();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Json.parseObject(r.out().strip(), 8)).containsEntry("ok", true).containsEntry("events", (long) EVENTS)
                .containsEntry("head", head.hash()).containsEntry("headSeq", (long) EVENTS).containsEntry("commitments", 0L);
    }

    static Stream<Arguments> tamperings() {
        String where = " WHERE seq = " + MIDDLE + ";";
        return Stream.of(
                tampering("payload changed", t -> "UPDATE events SET payload = '{\"n\":999,\"s\":\"naïve ✓\"}'" + where, MIDDLE, "hash mismatch"),
                tampering("type changed", t -> "UPDATE events SET type = 'AgentDeleted'" + where, MIDDLE, "hash mismatch"),
                tampering("aggregate changed", t -> "UPDATE events SET aggregate = 'agent/default/zz'" + where, MIDDLE, "hash mismatch"),
                tampering("meta changed", t -> "UPDATE events SET meta = '{\"by\":\"someone else\"}'" + where, MIDDLE, "hash mismatch"),
                tampering("epoch changed", t -> "UPDATE events SET epoch = 7" + where, MIDDLE, "hash mismatch"),
                tampering("time changed", t -> "UPDATE events SET time = '2001-01-01T00:00:00.000Z'" + where, MIDDLE, "hash mismatch"),
                tampering("prev changed", t -> "UPDATE events SET prev = (SELECT hash FROM events WHERE seq = 3)" + where, MIDDLE, "hash mismatch"),
                tampering("hash changed", t -> "UPDATE events SET hash = '" + "0".repeat(63) + "1'" + where, MIDDLE, "hash mismatch"),
                tampering("payload no longer JSON", t -> "UPDATE events SET payload = 'gone'" + where, MIDDLE, "malformed"),
                tampering("row deleted", t -> "DELETE FROM events" + where, MIDDLE, "event " + MIDDLE + " is missing"),
                tampering("payloads of two rows swapped", t -> "UPDATE events SET payload = CASE seq"
                        + " WHEN 5 THEN (SELECT payload FROM events WHERE seq = 6) ELSE (SELECT payload FROM events WHERE seq = 5) END"
                        + " WHERE seq IN (5, 6);", MIDDLE, "hash mismatch"),
                // A careful forger recomputes the hash of the row they changed; the next row's prev gives it away.
                tampering("payload changed and its hash recomputed", TamperEvidenceIT::rehashedPayload, MIDDLE + 1, "does not link"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void verify_names_the_first_modified_seq(String name, Function<TamperEvidenceIT, String> sql, long seq, String reason) {
        Sql edit = sqlite3(DROP_TRIGGERS + sql.apply(this));
        assertThat(edit.exit()).as(edit.toString()).isZero();

        RynxsJar.Result r = verify();

        assertThat(r.exit()).as("%s: %s", name, r).isEqualTo(1);
        assertThat(r.out()).contains("\"seq\":" + seq + ",");
        Map<String, Object> json = Json.parseObject(r.out().strip(), 8);
        assertThat(json).containsEntry("ok", false).containsEntry("seq", seq).containsEntry("checked", seq - 1);
        assertThat((String) json.get("reason")).contains(reason);
    }

    @Test
    void a_forged_row_appended_with_sql_is_caught_even_with_the_triggers_in_place() {
        Sql insert = sqlite3("INSERT INTO events (seq, v, type, aggregate, time, epoch, payload, meta, prev, hash) VALUES ("
                + (EVENTS + 1) + ", 1, 'AgentObserved', 'agent/x', '2026-01-01T00:00:00.000Z', 0, '{}', '{}', '"
                + "0".repeat(64) + "', '" + "f".repeat(64) + "');");
        assertThat(insert.exit()).as(insert.toString()).isZero();

        RynxsJar.Result r = verify();

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(Json.parseObject(r.out().strip(), 8)).containsEntry("seq", (long) EVENTS + 1);
    }

    private String rehashedPayload() {
        Event e = event(MIDDLE);
        CanonicalJson forged = CanonicalJson.parse("{\"n\":999}", JsonLimits.DEFAULT, "payload");
        Event resealed = Event.seal(new NewEvent(e.type(), e.aggregate(), forged, e.meta()), e.seq(), e.time(), e.epoch(), e.prev());
        return "UPDATE events SET payload = '" + forged.text() + "', hash = '" + resealed.hash() + "' WHERE seq = " + MIDDLE + ";";
    }

    private static Arguments tampering(String name, Function<TamperEvidenceIT, String> sql, long seq, String reason) {
        return Arguments.of(name, sql, seq, reason);
    }

    private RynxsJar.Result verify() {
        return RynxsJar.run("verify", "--db", db.toString(), "--json");
    }

    private Event event(long seq) {
        try (EventStore store = EventStore.open(StoreOptions.existing(db))) {
            return store.event(seq).orElseThrow();
        }
    }

    record Sql(int exit, String out, String err) {}

    private Sql sqlite3(String sql) {
        try {
            Process p = new ProcessBuilder(SQLITE3, db.toString(), sql).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sqlite3 finished").isTrue();
            return new Sql(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("run " + SQLITE3 + " (install it: apt-get install sqlite3)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
