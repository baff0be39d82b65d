package io.rynxs.store;

import io.rynxs.event.Event;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * What the writer checks of each request against the head inside its transaction (fencing, expected
 * head, sealed events that must continue the chain), and how it writes one row.
 */
final class AppendChecks {
    private AppendChecks() {}

    /** A refusal for an append that does not fit the head {@code h}, or null. */
    static StoreException check(AppendRequest r, Head h) {
        if (r.epoch() < h.epoch()) {
            return new FencedException("append: epoch " + r.epoch() + " is lower than the head's epoch " + h.epoch()
                    + " at seq " + h.seq() + " (a newer leader has written; this writer must step down)");
        }
        if (r.expectedSeq() != null && r.expectedSeq() != h.seq()) {
            return new HeadMismatchException("append: expected head seq " + r.expectedSeq() + " but the head is " + h.seq()
                    + " (read the new events and retry)", h);
        }
        if (r.expectedPrev() != null && !r.expectedPrev().equals(h.hash())) {
            return new HeadMismatchException("append: expected head hash " + r.expectedPrev() + " but the head is " + h.hash()
                    + " at seq " + h.seq() + " (read the new events and retry)", h);
        }
        return null;
    }

    /** Sealed events must continue {@code h} one by one: seq, prev, recomputed hash, no lower epoch. */
    static StoreException checkSealed(List<Event> events, Head h) {
        long seq = h.seq();
        String prev = h.hash();
        long epoch = h.epoch();
        for (Event e : events) {
            String problem = null;
            if (e.seq() != seq + 1) {
                problem = "seq " + e.seq() + " does not follow the head " + seq;
            } else if (!e.prev().equals(prev)) {
                problem = "prev " + e.prev() + " is not the hash of seq " + seq + ", " + prev;
            } else if (!e.computeHash().equals(e.hash())) {
                problem = "hash " + e.hash() + " is not the hash of the event's fields";
            } else if (e.epoch() < epoch) {
                problem = "epoch " + e.epoch() + " is lower than " + epoch;
            }
            if (problem != null) {
                return new HeadMismatchException("append verified: event " + e.seq() + ": " + problem
                        + " (nothing of this batch was written; copy events in seq order from a verified source)", h);
            }
            seq = e.seq();
            prev = e.hash();
            epoch = e.epoch();
        }
        return null;
    }

    /** Binds one event to the writer's prepared INSERT and executes it. */
    static void insert(PreparedStatement ps, Event e) throws SQLException {
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
    }
}
