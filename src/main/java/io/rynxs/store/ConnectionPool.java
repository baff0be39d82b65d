package io.rynxs.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
    private volatile boolean closed;

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
            c.close();
        }
    }

    /** Closes the idle connections; the last connection to close lets SQLite checkpoint and remove the WAL. */
    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing an idle connection at shutdown: nothing to recover.
            }
        }
    }
}
