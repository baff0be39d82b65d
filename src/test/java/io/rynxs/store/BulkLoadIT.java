package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.decision.OperatorWorkload;
import io.rynxs.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk load (real SQLite files) fills {@code F.restoring} without the events table's secondary indexes and
 * puts a complete WAL database with exactly the migrated schema at {@code F}, or nothing at all.
 */
class BulkLoadIT {
    @TempDir
    Path dir;

    @Test
    void the_loaded_file_gets_exactly_the_schema_of_a_migrated_database_and_becomes_the_target_only_when_complete() throws Exception {
        Path migrated = dir.resolve("migrated.db");
        EventStore.open(StoreOptions.of(migrated)).close();
        List<Event> events = sourceEvents(40);
        Path target = dir.resolve("restored.db");

        try (BulkLoad load = BulkLoad.begin(target, false)) {
            assertThat(load.temporaryFile()).isEqualTo(dir.resolve("restored.db.restoring"));
            assertThat(schema(load.temporaryFile())).as("the CREATE INDEX indexes of events are gone while loading")
                    .noneMatch(row -> row.startsWith("index|events_by_"))
                    .contains("index|sqlite_autoindex_events_1|events|null");
            try (EventStore store = EventStore.open(load.options())) {
                store.appendVerified(events);
            }
            assertThat(target).as("nothing at the target before complete").doesNotExist();
            load.complete();
        }

        assertThat(schema(target)).isEqualTo(schema(migrated)).contains(
                "index|events_by_type|events|CREATE INDEX events_by_type      ON events (type, seq)");
        assertThat(pragma(target, "journal_mode")).isEqualTo("wal");
        assertThat(dir.resolve("restored.db.restoring")).doesNotExist();
        try (EventStore restored = EventStore.open(StoreOptions.existing(target))) {
            assertThat(restored.verify(1, 0).ok()).isTrue();
            assertThat(restored.range(1, 40)).isEqualTo(events);
            assertThat(restored.events(EventQuery.after(0, 100).withType(events.get(7).type())))
                    .as("a query through a rebuilt index").isNotEmpty();
        }
        assertThat(pragma(target, "integrity_check")).isEqualTo("ok");
    }

    @Test
    void a_load_that_does_not_complete_leaves_nothing_and_a_leftover_temporary_file_is_replaced() throws Exception {
        Path target = dir.resolve("events.db");
        try (BulkLoad load = BulkLoad.begin(target, false); EventStore store = EventStore.open(load.options())) {
            store.appendVerified(sourceEvents(10));
        }
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("events.db.restoring")).doesNotExist();

        // What a killed load leaves: a half-written file (here not even a database) and its journal.
        Files.writeString(dir.resolve("events.db.restoring"), "half a database");
        Files.writeString(dir.resolve("events.db.restoring-journal"), "hot journal");
        try (BulkLoad load = BulkLoad.begin(target, false)) {
            try (EventStore store = EventStore.open(load.options())) {
                store.appendVerified(sourceEvents(10));
            }
            load.complete();
        }
        assertThat(dir.resolve("events.db.restoring-journal")).doesNotExist();
        try (EventStore restored = EventStore.open(StoreOptions.existing(target))) {
            assertThat(restored.head().seq()).isEqualTo(10);
        }
    }

    @Test
    void only_an_empty_database_is_replaced_and_only_when_asked() throws IOException {
        Path empty = dir.resolve("empty.db");
        EventStore.open(StoreOptions.of(empty)).close();
        assertThatThrownBy(() -> BulkLoad.begin(empty, false)).isInstanceOf(StoreException.class).hasMessageContaining("the file exists");

        try (BulkLoad load = BulkLoad.begin(empty, true)) {
            try (EventStore store = EventStore.open(load.options())) {
                store.appendVerified(sourceEvents(5));
            }
            load.complete();
        }
        try (EventStore replaced = EventStore.open(StoreOptions.existing(empty))) {
            assertThat(replaced.head().seq()).isEqualTo(5);
        }

        assertThatThrownBy(() -> BulkLoad.begin(empty, true)).isInstanceOf(StoreException.class).hasMessageContaining("holds events");
        Path notADatabase = dir.resolve("notes.db");
        Files.writeString(notADatabase, "someone's notes");
        assertThatThrownBy(() -> BulkLoad.begin(notADatabase, true)).isInstanceOf(StoreException.class);
        assertThat(Files.readString(notADatabase)).isEqualTo("someone's notes");
    }

    private List<Event> sourceEvents(int n) {
        Path source = dir.resolve("source-" + n + "-" + System.nanoTime() + ".db");
        try (EventStore store = EventStore.open(StoreOptions.of(source))) {
            new OperatorWorkload(2).append(store::appendAsync, n);
            return store.range(1, n);
        }
    }

    /** Every schema object as {@code type|name|table|sql}, sorted (root pages differ between files and are left out). */
    private static List<String> schema(Path db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return rows;
    }

    private static String pragma(Path db, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
