package io.rynxs.bench;

import io.rynxs.console.UsageException;
import io.rynxs.event.LineFormat;
import io.rynxs.event.Sha256;
import io.rynxs.segment.Gzip;
import io.rynxs.store.Durability;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The baseline of {@code bench ship}: what sealing cannot avoid, on one thread with plain JDBC — read
 * every row in seq order, write its segment line, gzip each run of {@code maxEvents} lines with the
 * {@link Gzip} and level sealing uses, SHA-256 of each object. No state, no checks, no ledger, no upload.
 */
final class RawSeal {
    /** Events read, the bytes of their lines, and the bytes of the gzip objects. */
    record Result(long events, long ndjsonBytes, long objectBytes, double seconds) {
        double rate() {
            return events / seconds;
        }
    }

    private RawSeal() {}

    static Result run(Path file, Durability durability, int maxEvents, Gzip gzip) {
        MessageDigest sha = Sha256.newDigest();
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream(maxEvents * 720);
        LineFormat.Writer line = new LineFormat.Writer(1024);
        long events = 0;
        long ndjsonBytes = 0;
        long objectBytes = 0;
        try (Connection c = RawSqlite.connect(file, durability); Statement st = c.createStatement()) {
            long started = System.nanoTime();
            try (ResultSet rs = st.executeQuery("SELECT seq, type, aggregate, time, epoch, payload, meta, prev, hash FROM events ORDER BY seq")) {
                int inSegment = 0;
                while (rs.next()) {
                    line.clear();
                    line.append(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getBytes(6),
                            rs.getBytes(7), rs.getString(8), rs.getString(9));
                    line.put((byte) '\n');
                    ndjson.write(line.buffer(), 0, line.size());
                    events++;
                    if (++inSegment == maxEvents) {
                        ndjsonBytes += ndjson.size();
                        objectBytes += seal(ndjson, sha, gzip);
                        inSegment = 0;
                    }
                }
                if (inSegment > 0) {
                    ndjsonBytes += ndjson.size();
                    objectBytes += seal(ndjson, sha, gzip);
                }
            }
            gzip.trim();
            return new Result(events, ndjsonBytes, objectBytes, (System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            throw new UsageException("raw baseline on " + file + ": " + e.getMessage());
        }
    }

    private static long seal(ByteArrayOutputStream ndjson, MessageDigest sha, Gzip gzip) {
        byte[] object = gzip.gzip(ndjson.toByteArray(), 0, ndjson.size());
        sha.update(object);
        if (sha.digest().length != 32) {
            throw new IllegalStateException("SHA-256 gave no 32-byte digest");
        }
        ndjson.reset();
        return object.length;
    }
}
