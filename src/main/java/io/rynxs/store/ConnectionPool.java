package io.rynxs.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.ConnectionFactory;
import org.sqlite.SQLiteDataSource;

/**
 * Keeps idle SQLite connections for reads: opening one applies the pragmas and costs more than a typical
 * API query. Connections come back with autocommit on; one that is broken or in a transaction is closed
 * instead of reused. Readers never block one another or the writer (WAL).
 */
public final class ConnectionPool implements ConnectionFactory, AutoCloseable {
    private final SQLiteDataSource dataSource;
    private final BlockingQueue<Connection> idle;
    private final Map<Connection, Map<String, PreparedStatement>> statements = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Prepared statements kept per connection: at most this many, least recently used dropped first. */
    private static final int STATEMENTS_PER_CONNECTION = 32;

    ConnectionPool(SQLiteDataSource dataSource, int maxIdle) {
        this.dataSource = dataSource;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    @Override
    public Connection openConnection() throws SQLException {
        Connection c = idle.poll();
        return c != null ? c : dataSource.getConnection();
    }

    @Override
    public void closeConnection(Connection c) throws SQLException {
        boolean reusable = !closed && !c.isClosed() && c.getAutoCommit();
        if (!reusable || !idle.offer(c)) {
            closeNow(c);
        }
    }

    /** What {@link #withStatement} runs on a statement. */
    @FunctionalInterface
    interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection with {@code sql} prepared once per connection and kept:
     * SQLite compiling a page query costs about as much as running it. The work must close any result
     * set it opens; parameters are cleared before the statement is used again.
     */
    <T> T withStatement(String sql, StatementWork<T> work) throws SQLException {
        Connection c = openConnection();
        try {
            Map<String, PreparedStatement> mine = statements.computeIfAbsent(c, k -> new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= STATEMENTS_PER_CONNECTION) {
                        return false;
                    }
                    closeQuietly(eldest.getValue());
                    return true;
                }
            });
            PreparedStatement ps = mine.get(sql);
            if (ps == null || ps.isClosed()) {
                ps = c.prepareStatement(sql);
                mine.put(sql, ps);
            }
            try {
                return work.run(ps);
            } finally {
                ps.clearParameters();
            }
        } finally {
            closeConnection(c);
        }
    }

    private void closeNow(Connection c) throws SQLException {
        Map<String, PreparedStatement> mine = statements.remove(c);
        if (mine != null) {
            mine.values().forEach(ConnectionPool::closeQuietly);
        }
        c.close();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // A statement of a connection on its way out: nothing to recover.
        }
    }

    /** Closes the idle connections; the last connection to close lets SQLite checkpoint and remove the WAL. */
    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                closeNow(c);
            } catch (SQLException ignored) {
                // Closing an idle connection at shutdown: nothing to recover.
            }
        }
    }
}
