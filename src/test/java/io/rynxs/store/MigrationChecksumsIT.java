package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases made before the migrations' comments were reworded still open (real SQLite files): their
 * recorded checksums are the listed {@code before} values and move to the current ones; any other checksum
 * is still refused by Flyway, untouched.
 */
class MigrationChecksumsIT {
    @TempDir
    Path dir;

    @Test
    void the_listed_after_checksums_are_what_flyway_computes_from_the_migrations_shipped() throws Exception {
        Path db = dir.resolve("fresh.db");
        EventStore.open(StoreOptions.of(db)).close();
        assertThat(checksums(db)).isEqualTo(shippedChecksums());
    }

    @Test
    void a_database_made_before_the_edit_opens_keeps_its_events_and_records_the_current_checksums() throws Exception {
        Path db = dir.resolve("old.db");
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            store.append(AppendRequest.of(StoreMerkleIT.event(1)));
        }
        for (CommentEdits.Edit e : CommentEdits.EDITS) {
            setChecksum(db, e.version(), e.before());
        }

        try (EventStore store = EventStore.open(StoreOptions.existing(db))) {
            assertThat(store.head().seq()).isEqualTo(1);
            assertThat(store.verify(1, 0).ok()).isTrue();
        }
        assertThat(checksums(db)).isEqualTo(shippedChecksums());
    }

    /** The edited migrations at their current checksum, plus those never edited at the one they first shipped with. */
    private static Map<String, Integer> shippedChecksums() {
        Map<String, Integer> expected = new TreeMap<>();
        CommentEdits.EDITS.forEach(e -> expected.put(e.version(), e.after()));
        expected.put("5", -646199465);
        return expected;
    }

    @Test
    void a_checksum_that_is_neither_listed_value_is_still_refused_and_left_as_it_was() throws Exception {
        Path db = dir.resolve("edited.db");
        EventStore.open(StoreOptions.of(db)).close();
        CommentEdits.Edit v2 = CommentEdits.EDITS.get(1);
        int foreign = v2.before() + 1;
        setChecksum(db, v2.version(), foreign);

        assertThatThrownBy(() -> EventStore.open(StoreOptions.existing(db)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema migration failed: migration V2 (recorded checksum " + foreign + ", this build's "
                        + v2.after() + ") was applied from another text than this build ships")
                .hasMessageNotContaining("repair");
        assertThat(checksums(db)).containsEntry(v2.version(), foreign);
    }

    @Test
    void a_file_that_is_not_a_database_is_named_as_such() throws Exception {
        Path db = dir.resolve("notes.db");
        Files.writeString(db, "these are not the pages of a SQLite file, and there are enough of them to look like one\n".repeat(80));
        assertThatThrownBy(() -> EventStore.open(StoreOptions.existing(db)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(db.toAbsolutePath().toString())
                .hasMessageContaining("is this a rynxs database");
    }

    private static Map<String, Integer> checksums(Path db) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM flyway_schema_history WHERE version IS NOT NULL")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static void setChecksum(Path db, String version, int checksum) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE flyway_schema_history SET checksum = " + checksum + " WHERE version = '" + version + "'"))
                    .isEqualTo(1);
        }
    }
}
