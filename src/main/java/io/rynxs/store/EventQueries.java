package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** The read side of the events table: head, single events and pages of history. */
final class EventQueries {
    private EventQueries() {}

    static Head head(Handle h) {
        return h.createQuery("SELECT seq, hash, epoch FROM events ORDER BY seq DESC LIMIT 1")
                .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .findOne()
                .orElse(Head.EMPTY);
    }

    static Optional<Event> bySeq(Handle h, long seq) {
        return h.createQuery("SELECT " + StoredRow.COLUMNS + " FROM events WHERE seq = :seq")
                .bind("seq", seq)
                .map((rs, ctx) -> StoredRow.read(rs).toEvent())
                .findOne();
    }

    static Optional<String> hashAt(Handle h, long seq) {
        return h.createQuery("SELECT hash FROM events WHERE seq = :seq").bind("seq", seq).mapTo(String.class).findOne();
    }

    static List<Event> page(Handle h, EventQuery q) {
        return query(h, q, StoredRow.COLUMNS).map((rs, ctx) -> StoredRow.read(rs).toEvent()).list();
    }

    /**
     * The same page as {@link #page}, each event already in its line form, assembled by SQLite in the
     * query and read as the UTF-8 bytes SQLite holds: no per-row objects, no decoding, on the API's hottest
     * path. {@code EventLinesIT} holds every line equal to {@link Event#line()}.
     */
    static List<EventLine> lines(Handle h, EventQuery q) {
        // Plain JDBC on the handle's connection: Jdbi's statement machinery (context, argument factories,
        // row mapper, collector) cost more per page than reading its hundred rows.
        Sql sql = sql(q, "seq, hash, " + LINE);
        try (PreparedStatement ps = h.getConnection().prepareStatement(sql.text())) {
            for (int i = 0; i < sql.args().size(); i++) {
                ps.setObject(i + 1, sql.args().get(i));
            }
            List<EventLine> out = new ArrayList<>(Math.min(q.limit(), 1024));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EventLine(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("read events: " + e.getMessage() + " (is the database readable?)", e);
        }
    }

    /**
     * RFC 8785 key order: aggregate, epoch, hash, meta, payload, prev, seq, time, type, v (see Event#line).
     * One {@code concat()} builds the line in one allocation; a chain of {@code ||} copies the growing
     * prefix at every step and made a 100-event page query 1.5 to 1.8 times slower on the 1M log. The
     * columns are NOT NULL, so concat's NULL-as-empty rule never applies.
     */
    private static final String LINE = "concat('{\"aggregate\":\"', aggregate, '\",\"epoch\":', epoch, ',\"hash\":\"', hash,"
            + " '\",\"meta\":', meta, ',\"payload\":', payload, ',\"prev\":\"', prev, '\",\"seq\":', seq,"
            + " ',\"time\":\"', time, '\",\"type\":\"', type, '\",\"v\":', v, '}')";

    private static Query query(Handle h, EventQuery q, String columns) {
        Sql sql = sql(q, columns);
        Query query = h.createQuery(sql.text());
        for (int i = 0; i < sql.args().size(); i++) {
            query.bind(i, sql.args().get(i));
        }
        return query;
    }

    /** A page query with positional parameters, for Jdbi and for the plain JDBC of {@link #lines}. */
    private record Sql(String text, List<Object> args) {}

    private static Sql sql(EventQuery q, String columns) {
        StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM events");
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (q.afterSeq() > 0) { where.add("seq > ?"); args.add(q.afterSeq()); }
        if (q.beforeSeq() > 0) { where.add("seq < ?"); args.add(q.beforeSeq()); }
        if (q.type() != null) { where.add("type = ?"); args.add(q.type()); }
        if (q.aggregate() != null) { where.add("aggregate = ?"); args.add(q.aggregate()); }
        if (q.since() != null) { where.add("time >= ?"); args.add(EventTime.format(q.since())); }
        if (q.until() != null) { where.add("time < ?"); args.add(EventTime.format(q.until())); }
        if (!where.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", where));
        sql.append(" ORDER BY seq ").append(q.descending() ? "DESC" : "ASC").append(" LIMIT ?");
        args.add(q.limit());
        return new Sql(sql.toString(), args);
    }
}
