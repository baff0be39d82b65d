package io.rynxs.bench;

import io.rynxs.console.UsageException;
import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.LineFormat;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.store.Database;
import io.rynxs.store.Durability;
import io.rynxs.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The baselines benchmarks compare against: plain JDBC on the same schema and pragmas, no framework,
 * no queue, no checks beyond what the measurement needs. These are the ceilings, not products.
 */
final class RawSqlite {
    private RawSqlite() {}

    /** Inserts pre-hashed rows from one thread, {@code perTransaction} rows per commit; returns events/s. */
    static double insert(Path file, List<NewEvent> input, int perTransaction, Durability durability) {
        delete(file);
        Database.open(StoreOptions.of(file).withDurability(durability)).close();
        List<Event> rows = new ArrayList<>(input.size());
        String prev = Sha256.ZERO_HEX;
        String time = EventTime.format(Instant.now());
        for (int i = 0; i < input.size(); i++) {
            Event e = Event.seal(input.get(i), i + 1, time, 0, prev);
            rows.add(e);
            prev = e.hash();
        }
        try (Connection c = connect(file, durability);
             PreparedStatement ps = c.prepareStatement("INSERT INTO events (seq, v, type, aggregate, time, epoch, payload, meta, prev, hash)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            long started = System.nanoTime();
            for (int i = 0; i < rows.size(); i++) {
                Event e = rows.get(i);
                ps.setLong(1, e.seq());
                ps.setInt(2, e.v());
                ps.setString(3, e.type());
                ps.setString(4, e.aggregate());
                ps.setString(5, e.time());
                ps.setLong(6, e.epoch());
                ps.setString(7, e.payload().text());
                ps.setString(8, e.meta().text());
                ps.setString(9, e.prev());
                ps.setString(10, e.hash());
                ps.executeUpdate();
                if ((i + 1) % perTransaction == 0 || i == rows.size() - 1) {
                    c.commit();
                }
            }
            return rows.size() / ((System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            throw new UsageException("raw baseline on " + file + ": " + e.getMessage());
        }
    }

    /** Reads every row in seq order, recomposes its canonical bytes, recomputes SHA-256 and checks the link; returns events/s. */
    static double verify(Path file, Durability durability) {
        LineFormat.Writer line = new LineFormat.Writer(4096);
        HexFormat hex = HexFormat.of();
        try (Connection c = connect(file, durability); Statement st = c.createStatement()) {
            long started = System.nanoTime();
            long n = 0;
            String prev = Sha256.ZERO_HEX;
            try (ResultSet rs = st.executeQuery("SELECT seq, type, aggregate, time, epoch, payload, meta, prev, hash FROM events ORDER BY seq")) {
                while (rs.next()) {
                    line.clear();
                    line.append(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getBytes(6),
                            rs.getBytes(7), rs.getString(8), null);
                    String hash = hex.formatHex(line.hashOfLast());
                    if (!hash.equals(rs.getString(9)) || !prev.equals(rs.getString(8))) {
                        throw new UsageException("raw baseline: chain breaks at seq " + rs.getLong(1) + " (verify the database first)");
                    }
                    prev = hash;
                    n++;
                }
            }
            return n / ((System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            throw new UsageException("raw baseline on " + file + ": " + e.getMessage());
        }
    }

    /** Opens a connection and reads the events in (afterSeq, toSeq], discarding them; returns how many. */
    static long readRange(Path file, Durability durability, long afterSeq, long toSeq) {
        try (Connection c = connect(file, durability);
             PreparedStatement ps = c.prepareStatement("SELECT seq, v, type, aggregate, time, epoch, payload, meta, prev, hash"
                     + " FROM events WHERE seq > ? AND seq <= ? ORDER BY seq")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, toSeq);
            long n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(7) != null && rs.getString(10) != null) {
                        n++;
                    }
                }
            }
            return n;
        } catch (SQLException e) {
            throw new UsageException("raw baseline on " + file + ": " + e.getMessage());
        }
    }

    static Connection connect(Path file, Durability durability) throws SQLException {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", durability.name());
        p.setProperty("busy_timeout", "5000");
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
    }

    static void delete(Path file) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException ignored) {
                // A leftover benchmark file is harmless.
            }
        }
    }
}
