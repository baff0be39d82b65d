package io.rynxs.store;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A row of the events table as stored, before any check: a verifier must be able to hold a row that
 * someone modified and report what is wrong with it.
 */
record StoredRow(long seq, int v, String type, String aggregate, String time, long epoch, String payload,
                 String meta, String prev, String hash) {
    static final String COLUMNS = "seq, v, type, aggregate, time, epoch, payload, meta, prev, hash";

    static StoredRow read(ResultSet rs) throws SQLException {
        return new StoredRow(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    /** The event, or an {@link io.rynxs.event.InvalidEventException} naming the malformed field. */
    Event toEvent() {
        return new Event(v, seq, type, aggregate, time, epoch, json(payload, "payload"), json(meta, "meta"), prev, hash);
    }

    /** A stored payload column as JSON, or an error naming the event if it is not an object. */
    static CanonicalJson payload(long seq, String text) {
        return json(seq, text, "payload");
    }

    private CanonicalJson json(String text, String field) {
        return json(seq, text, field);
    }

    private static CanonicalJson json(long seq, String text, String field) {
        if (text == null || text.length() < 2 || text.charAt(0) != '{') {
            throw new InvalidEventException("event " + seq + ": " + field + " is not a JSON object");
        }
        return new CanonicalJson(text);
    }
}
