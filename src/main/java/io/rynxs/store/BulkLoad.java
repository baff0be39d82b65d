package io.rynxs.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * A new log database filled in bulk beside its final path ({@code F.restoring}) and moved to {@code F}
 * only once complete (restore from segments, docs/design/bulk-load.md). While it loads, the file has no
 * journal, no fsync and no secondary indexes on the events table (the UNIQUE hash index belongs to the
 * table and stays); {@link #complete} builds those indexes from the very statements the migrations left
 * in {@code sqlite_master}, switches the file to WAL, fsyncs it and renames it into place. A crash at any
 * moment therefore leaves no database at {@code F} (or the empty one that was there) or the complete one;
 * the half-filled temporary file is removed by the next load for the same target.
 */
public final class BulkLoad implements AutoCloseable {
    /** Appended to the target's name for the file being filled. */
    public static final String SUFFIX = ".restoring";
    private static final String[] SIDECARS = {"", "-journal", "-wal", "-shm"};

    private final Path target;
    private final Path temp;
    private final List<String> indexes;
    private final boolean replaceEmpty;
    private boolean completed;

    private BulkLoad(Path target, Path temp, List<String> indexes, boolean replaceEmpty) {
        this.target = target;
        this.temp = temp;
        this.indexes = indexes;
        this.replaceEmpty = replaceEmpty;
    }

    /**
     * Creates the temporary file for {@code target} (replacing one a crashed load left), migrates it and
     * drops the events table's secondary indexes, remembering their definitions. An existing target is
     * refused, unless {@code replaceEmpty} and it holds no events (the database a fresh volume starts
     * with, which {@link #complete} then replaces).
     */
    public static BulkLoad begin(Path target, boolean replaceEmpty) {
        Path abs = target.toAbsolutePath();
        Path temp = temporaryFileOf(abs);
        checkTarget(abs, replaceEmpty, "load into " + abs + ": the file exists");
        delete(temp);
        try {
            Database.open(options(temp)).close();
            List<String> indexes = new ArrayList<>();
            try (Connection c = connect(temp); Statement st = c.createStatement()) {
                List<String> names = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
                        + " AND sql IS NOT NULL ORDER BY name")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                        indexes.add(rs.getString(2));
                    }
                }
                for (String name : names) {
                    st.execute("DROP INDEX \"" + name.replace("\"", "\"\"") + "\"");
                }
            }
            return new BulkLoad(abs, temp, List.copyOf(indexes), replaceEmpty);
        } catch (SQLException | RuntimeException e) {
            deleteQuietly(temp);
            throw e instanceof StoreException se ? se
                    : new StoreException("prepare " + temp + " for loading: " + e.getMessage() + " (check the disk and the directory's permissions)", e);
        }
    }

    /** Where the load for {@code target} writes until it completes. */
    public static Path temporaryFileOf(Path target) {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    /** How to open the store on the temporary file (journal off, no fsync, large cache). */
    public StoreOptions options() {
        return options(temp);
    }

    public Path temporaryFile() {
        return temp;
    }

    /**
     * Builds the dropped indexes, switches to WAL, fsyncs the file and renames it to the target, then
     * fsyncs the directory. Every store on the temporary file must be closed first.
     */
    public void complete() {
        try (Connection c = connect(temp); Statement st = c.createStatement()) {
            for (String sql : indexes) {
                st.execute(sql);
            }
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new StoreException("complete " + temp + ": SQLite did not switch the file to WAL (is another process using it?)");
                }
            }
        } catch (SQLException e) {
            throw new StoreException("complete " + temp + ": building the indexes failed: " + e.getMessage()
                    + " (check free disk space; the target was not touched)", e);
        }
        try {
            fsync(temp, false);
            if (Files.exists(target)) {
                checkTarget(target, replaceEmpty, "complete " + target + ": the file appeared during the load");
                // Only an empty database is replaced; its WAL must not be applied to the new file.
                for (String sidecar : new String[] {"-journal", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(target + sidecar));
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            completed = true;
            fsync(target.getParent(), true);
            for (String sidecar : new String[] {"-journal", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(temp + sidecar));
            }
        } catch (IOException e) {
            throw new StoreException("complete " + target + ": " + e.getMessage() + " (check the disk; " + temp
                    + " is removed, run the restore again)", e);
        }
    }

    private static void checkTarget(Path target, boolean replaceEmpty, String problem) {
        if (Files.exists(target) && (!replaceEmpty || holdsEvents(target))) {
            throw new StoreException(problem + (replaceEmpty ? " and holds events" : "")
                    + " (nothing was replaced; load into a new file, then move it into place)");
        }
    }

    /**
     * Whether the database at {@code path} holds at least one event. A file that is not a database, or
     * cannot be read, counts as holding events, so that nothing unknown is ever replaced.
     */
    public static boolean holdsEvents(Path path) {
        // Default pragmas: the bulk ones would take a WAL database out of WAL mode.
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + path); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'")) {
                if (!rs.next() || rs.getLong(1) == 0) {
                    return !isEmptyDatabase(st);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM events)")) {
                return !rs.next() || rs.getLong(1) != 0;
            }
        } catch (SQLException e) {
            return true;
        }
    }

    /** A database without an events table counts as empty only if it has no tables at all (a zero-length or brand-new file). */
    private static boolean isEmptyDatabase(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
            return rs.next() && rs.getLong(1) == 0;
        }
    }

    /** Removes the temporary file unless the load completed. */
    @Override
    public void close() {
        if (!completed) {
            deleteQuietly(temp);
        }
    }

    private static StoreOptions options(Path temp) {
        return StoreOptions.of(temp).withBulkLoad();
    }

    private static Connection connect(Path file) throws SQLException {
        return Database.dataSource(file, options(file)).getConnection();
    }

    private static void fsync(Path path, boolean directory) throws IOException {
        try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void delete(Path temp) {
        for (String sidecar : SIDECARS) {
            Path p = Path.of(temp + sidecar);
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new StoreException("remove " + p + " (left by a load that did not complete): " + e.getMessage()
                        + " (delete it by hand)", e);
            }
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            delete(temp);
        } catch (StoreException ignored) {
            // The next load for this target removes it, or says why it cannot.
        }
    }
}
