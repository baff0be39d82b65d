package io.rynxs.store;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An event as sealing reads it: every field checked as {@link Event}'s constructor checks it, payload and
 * meta kept as the stored UTF-8 bytes. Sealing copies those bytes into the segment line and hashes them
 * there, so the two large fields of a row are never decoded into a {@code String} and encoded back (they were
 * most of the reading thread's time). A row altered after it was written fails that hash, as it did with
 * strings; a row whose stored hash was recomputed over its altered bytes is for the chain and the
 * checkpoints to catch, as before.
 */
public record EventRow(long seq, int v, String type, String aggregate, String time, long epoch, byte[] payload, byte[] meta,
                       String prev, String hash) {
    static final String COLUMNS = StoredRow.COLUMNS;

    public EventRow {
        Event.checkEnvelope(v, seq, type, aggregate, time, epoch, prev, hash);
        object(seq, payload, "payload");
        object(seq, meta, "meta");
    }

    /** The same event with payload and meta decoded (when the state must apply it). */
    public Event toEvent() {
        return new Event(v, seq, type, aggregate, time, epoch, new CanonicalJson(new String(payload, StandardCharsets.UTF_8)),
                new CanonicalJson(new String(meta, StandardCharsets.UTF_8)), prev, hash);
    }

    /** The row of an event (tests, and anything holding events already). */
    public static EventRow of(Event e) {
        return new EventRow(e.seq(), e.v(), e.type(), e.aggregate(), e.time(), e.epoch(), e.payload().text().getBytes(StandardCharsets.UTF_8),
                e.meta().text().getBytes(StandardCharsets.UTF_8), e.prev(), e.hash());
    }

    /**
     * Reads a row of {@link #COLUMNS}. Every text column comes as bytes: the driver's byte path is a plain
     * array copy, its string path a direct buffer made through JNI for each column.
     */
    static EventRow read(ResultSet rs) throws SQLException {
        return new EventRow(rs.getLong(1), rs.getInt(2), text(rs.getBytes(3)), text(rs.getBytes(4)), text(rs.getBytes(5)), rs.getLong(6),
                rs.getBytes(7), rs.getBytes(8), text(rs.getBytes(9)), text(rs.getBytes(10)));
    }

    private static String text(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    /** What {@link StoredRow} checks of these two columns: a JSON object's first character, and more than one character. */
    private static void object(long seq, byte[] json, String field) {
        if (json == null || json.length < 2 || json[0] != '{') {
            throw new InvalidEventException("event " + seq + ": " + field + " is not a JSON object");
        }
    }
}
