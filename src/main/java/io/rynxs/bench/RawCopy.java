package io.rynxs.bench;

import io.rynxs.console.UsageException;
import io.rynxs.store.Database;
import io.rynxs.store.Durability;
import io.rynxs.store.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The floor under any restore: copying a log's rows, as they are, into a new database of the same schema with raw JDBC. */
final class RawCopy {
    private RawCopy() {}

    /** Copies every event row of {@code from} into a new {@code to}, {@code perTransaction} rows per commit; returns seconds. */
    static double copy(Path from, Path to, int perTransaction, Durability durability) {
        RawSqlite.delete(to);
        Database.open(StoreOptions.of(to).withDurability(durability)).close();
        String columns = "seq, v, type, aggregate, time, epoch, payload, meta, prev, hash";
        try (Connection in = RawSqlite.connect(from, durability); Statement read = in.createStatement();
             Connection out = RawSqlite.connect(to, durability);
             PreparedStatement insert = out.prepareStatement("INSERT INTO events (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            out.setAutoCommit(false);
            long started = System.nanoTime();
            long n = 0;
            try (ResultSet rs = read.executeQuery("SELECT " + columns + " FROM events ORDER BY seq")) {
                while (rs.next()) {
                    insert.setLong(1, rs.getLong(1));
                    insert.setInt(2, rs.getInt(2));
                    for (int c = 3; c <= 10; c++) {
                        if (c == 6) {
                            insert.setLong(6, rs.getLong(6));
                        } else {
                            insert.setString(c, rs.getString(c));
                        }
                    }
                    insert.executeUpdate();
                    if (++n % perTransaction == 0) {
                        out.commit();
                    }
                }
            }
            out.commit();
            return (System.nanoTime() - started) / 1e9;
        } catch (SQLException e) {
            throw new UsageException("raw copy baseline " + from + " -> " + to + ": " + e.getMessage());
        }
    }
}
