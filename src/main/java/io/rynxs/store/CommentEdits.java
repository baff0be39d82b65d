package io.rynxs.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Migrations whose comments were reworded after databases had been made with them. Flyway checksums every
 * line of a migration, comments included, and refuses to open a database whose recorded checksum differs
 * from the file's; so before it validates, a recorded checksum that is exactly the one the earlier text had
 * is moved to the current text's. Any other checksum is left alone and Flyway refuses it as before: a real
 * change to a migration still fails, and an edit is accepted only when its two checksums are listed here.
 */
final class CommentEdits {
    /** One migration's checksum before and after an edit that changed only its comments. */
    record Edit(String version, int before, int after) {}

    /**
     * The first design's section numbers in the header comments replaced by the sections of docs/DESIGN.md
     * (V3 and V4 also rewrapped); not a byte of SQL changed. {@code MigrationChecksumsIT} holds the
     * {@code after} values to what Flyway computes from the files.
     */
    static final List<Edit> EDITS = List.of(
            new Edit("1", 70203726, 473212589),
            new Edit("2", -302675259, 318858010),
            new Edit("3", 464077561, -539596431),
            new Edit("4", -1832143089, 87406686));

    private CommentEdits() {}

    /** Moves recorded checksums of the listed edits forward; returns how many rows it changed. */
    static int apply(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!hasHistory(c)) {
                return 0;
            }
            int changed = 0;
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE flyway_schema_history SET checksum = ? WHERE version = ? AND checksum = ?")) {
                for (Edit e : EDITS) {
                    update.setInt(1, e.after());
                    update.setString(2, e.version());
                    update.setInt(3, e.before());
                    changed += update.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            return changed;
        }
    }

    private static boolean hasHistory(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'");
             ResultSet rs = q.executeQuery()) {
            return rs.next();
        }
    }
}
