package io.rynxs.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the SQLite file: checks the path, applies the pragmas (WAL, synchronous, busy timeout) to every
 * connection and runs the Flyway migrations from {@code db/migration}.
 */
public final class Database {
    private Database() {}

    /** Opens (and if allowed creates) the database and brings its schema up to date. */
    public static ConnectionPool open(StoreOptions options) {
        Path path = options.path().toAbsolutePath();
        checkPath(path, options.createIfMissing());
        SQLiteDataSource dataSource = dataSource(path, options);
        try {
            CommentEdits.apply(dataSource);
        } catch (SQLException e) {
            throw new StoreException("open " + path + ": cannot read the schema history: " + e.getMessage()
                    + " (is this a rynxs database, and is the file writable?)", e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("open " + path + ": schema migration failed: " + migrationProblem(e.getMessage()), e);
        }
        return new ConnectionPool(dataSource, 16);
    }

    static SQLiteDataSource dataSource(Path path, StoreOptions options) {
        SQLiteConfig config = new SQLiteConfig();
        if (options.bulkLoad()) {
            bulkLoadPragmas(config);
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(options.durability() == Durability.FULL
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        }
        config.setBusyTimeout(options.busyTimeoutMillis());
        // Nothing reads generated keys (seq is assigned by the writer); the driver would otherwise run
        // SELECT last_insert_rowid() after every INSERT, a statement prepared and finalized per row.
        config.setGetGeneratedKeys(false);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // SQLite's multi-thread mode: no mutex taken and released inside every sqlite3_column_* call. Safe
        // because a connection is never used by two threads at once: the pool lends it to one, and the
        // driver's native methods are synchronized on the connection besides (all but sqlite3_interrupt, which
        // SQLite allows from any thread). Reading rows got 15-30% faster.
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + path);
        return ds;
    }

    /**
     * A file being filled by {@link BulkLoad}: no rollback journal and no fsync (the file is thrown away
     * unless the load completes, and {@link BulkLoad#complete} fsyncs it once), and a page cache large
     * enough to hold the hash index of a million events, whose random inserts otherwise read and write
     * pages all over the file.
     */
    static void bulkLoadPragmas(SQLiteConfig config) {
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setCacheSize(BULK_CACHE_KIB);
    }

    /** Negative: in KiB (256 MiB), the size SQLite's own sorter also uses when the indexes are built. */
    static final int BULK_CACHE_KIB = -262_144;

    private static void checkPath(Path path, boolean createIfMissing) {
        Path dir = path.getParent();
        if (Files.isDirectory(path)) {
            throw new StoreException("open " + path + ": this is a directory (give the path of the database file, e.g. "
                    + path.resolve("events.db") + ")");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new StoreException("open " + path + ": directory " + dir + " does not exist (create it first)");
        }
        if (Files.exists(path)) {
            if (!Files.isReadable(path)) {
                throw new StoreException("open " + path + ": file is not readable (check its permissions)");
            }
            if (!writable(path)) {
                throw new StoreException("open " + path + ": file is read-only (SQLite in WAL mode needs write access even to read;"
                        + " copy it somewhere writable)");
            }
            return;
        }
        if (!createIfMissing) {
            throw new StoreException("open " + path + ": no such database (check the path, or append an event to create it)");
        }
        if (!writable(dir)) {
            throw new StoreException("open " + path + ": directory " + dir + " is not writable, so the database cannot be created");
        }
    }

    /**
     * Honours the owner's write bit even for root, who bypasses permission checks: a file someone made
     * read-only is not to be written by the log.
     */
    private static boolean writable(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.OWNER_WRITE) && Files.isWritable(p);
        } catch (UnsupportedOperationException | IOException e) {
            return Files.isWritable(p);
        }
    }

    private static final Pattern CHECKSUM_MISMATCH = Pattern.compile(
            "Migration checksum mismatch for migration version (\\S+)\\s*-> Applied to database\\s*: (-?\\d+)\\s*-> Resolved locally\\s*: (-?\\d+)");

    /**
     * What Flyway's refusal means for this database, in one line: the migrations recorded with another text
     * than this build's, or else Flyway's first line. (A migration newer than this build is ignored, as
     * Flyway does by default, so that a rolled-back release still opens the database its successor migrated.)
     */
    static String migrationProblem(String message) {
        String text = message == null ? "" : message;
        List<String> changed = new ArrayList<>();
        Matcher m = CHECKSUM_MISMATCH.matcher(text);
        while (m.find()) {
            changed.add("V" + m.group(1) + " (recorded checksum " + m.group(2) + ", this build's " + m.group(3) + ")");
        }
        if (!changed.isEmpty()) {
            return "migration " + String.join(", ", changed) + " was applied from another text than this build ships"
                    + " (open the database with the build that made it, or restore the log from its segments into a new file)";
        }
        return firstLine(text) + " (is this a rynxs database, and is the file writable?)";
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String trimmed = message.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl);
    }
}
