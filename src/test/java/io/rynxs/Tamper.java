package io.rynxs;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What someone with write access to the database does behind the store's back, for the integrity tests. */
public final class Tamper {
    private static final String DROP_TRIGGERS = "DROP TRIGGER IF EXISTS events_no_update";

    private Tamper() {}

    /** Runs statements on their own connection, triggers on events dropped first. */
    public static void sql(Path db, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute(DROP_TRIGGERS);
            st.execute("DROP TRIGGER IF EXISTS events_no_delete");
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new AssertionError("tamper " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives event {@code from} the payload {@code payload} and recomputes the hash of every row from it to
     * {@code to}, each linking to the one before: a chain that verifies on its own.
     */
    public static void rehash(Path db, long from, long to, String payload) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute(DROP_TRIGGERS);
            List<Event> rows = new ArrayList<>();
            String prev = null;
            try (ResultSet rs = st.executeQuery("SELECT seq, type, aggregate, time, epoch, payload, meta, prev FROM events WHERE seq >= "
                    + from + " AND seq <= " + to + " ORDER BY seq")) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    NewEvent e = new NewEvent(rs.getString(2), rs.getString(3), new CanonicalJson(seq == from ? payload : rs.getString(6)),
                            new CanonicalJson(rs.getString(7)));
                    Event sealed = Event.seal(e, seq, rs.getString(4), rs.getLong(5), prev == null ? rs.getString(8) : prev);
                    rows.add(sealed);
                    prev = sealed.hash();
                }
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE events SET payload = ?, prev = ?, hash = ? WHERE seq = ?")) {
                for (Event e : rows) {
                    up.setString(1, e.payload().text());
                    up.setString(2, e.prev());
                    up.setString(3, e.hash());
                    up.setLong(4, e.seq());
                    up.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("rehash " + db + ": " + e.getMessage(), e);
        }
    }
}
