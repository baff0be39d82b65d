package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.LineFormat;
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
     * The same page as {@link #page}, each event already in its line form, assembled by SQLite in the query
     * and joined into one value there: one row and two columns cross JNI instead of three columns of a
     * hundred rows. {@code group_concat} promises no order without an ORDER BY of its own (which costs a
     * sort), so the seqs that come with the lines are checked to be in the page's order and the ordered
     * form is run in the rare case they are not. {@code EventLinesIT} holds every line equal to
     * {@link Event#line()}.
     */
    static LinePage lines(ConnectionPool pool, EventQuery q) {
        Sql sql = sql(q, "seq, " + LINE + " AS line");
        LinePage page = joined(pool, sql, JOINED);
        return page != null ? page : joined(pool, sql, q.descending() ? JOINED_DESC : JOINED_ASC);
    }

    private static final String JOINED = "SELECT group_concat(seq || ' ' || octet_length(line), ','),"
            + " group_concat(line, ',') FROM (%s)";
    private static final String JOINED_ASC = "SELECT group_concat(seq || ' ' || octet_length(line), ',' ORDER BY seq),"
            + " group_concat(line, ',' ORDER BY seq) FROM (%s)";
    private static final String JOINED_DESC = "SELECT group_concat(seq || ' ' || octet_length(line), ',' ORDER BY seq DESC),"
            + " group_concat(line, ',' ORDER BY seq DESC) FROM (%s)";

    /** The page, or null if SQLite joined the rows out of the page's order. */
    private static LinePage joined(ConnectionPool pool, Sql sql, String outer) {
        try {
            return pool.withStatement(String.format(outer, sql.text()), ps -> {
                for (int i = 0; i < sql.args().size(); i++) {
                    ps.setObject(i + 1, sql.args().get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String index = rs.getString(1);
                    return index == null ? LinePage.EMPTY : parse(index, rs.getBytes(2), sql.descending());
                }
            });
        } catch (SQLException e) {
            throw new StoreException("read events: " + e.getMessage() + " (is the database readable?)", e);
        }
    }

    /** Reads "seq length,…" into the page, or null if the seqs are not strictly in order. */
    private static LinePage parse(String index, byte[] joined, boolean descending) {
        int n = 1;
        for (int i = 0; i < index.length(); i++) {
            if (index.charAt(i) == ',') n++;
        }
        long[] seqs = new long[n];
        int[] ends = new int[n];
        int at = 0;
        int end = -1;
        for (int i = 0; i < n; i++) {
            long seq = 0;
            char c;
            while ((c = index.charAt(at++)) != ' ') {
                seq = seq * 10 + (c - '0');
            }
            int length = 0;
            while (at < index.length() && (c = index.charAt(at++)) != ',') {
                length = length * 10 + (c - '0');
            }
            seqs[i] = seq;
            end += 1 + length;
            ends[i] = end;
            if (i > 0 && (descending ? seq >= seqs[i - 1] : seq <= seqs[i - 1])) {
                return null;
            }
        }
        if (end != joined.length) {
            throw new StoreException("read events: the page's lines hold " + joined.length + " bytes, not the " + end
                    + " their lengths add up to (report this)");
        }
        return new LinePage(joined, seqs, ends);
    }

    /**
     * The line form as SQLite builds it ({@link io.rynxs.event.LineFormat#SQL}). One {@code concat()} builds the line
     * in one allocation; a chain of {@code ||} copies the growing prefix at every step and made a 100-event page
     * query 1.5 to 1.8 times slower on the 1M log. The columns are NOT NULL, so concat's NULL-as-empty rule never applies.
     */
    static final String LINE = LineFormat.SQL;

    private static Query query(Handle h, EventQuery q, String columns) {
        Sql sql = sql(q, columns);
        Query query = h.createQuery(sql.text());
        for (int i = 0; i < sql.args().size(); i++) {
            query.bind(i, sql.args().get(i));
        }
        return query;
    }

    /** A page query with positional parameters, for Jdbi and for the plain JDBC of {@link #lines}. */
    private record Sql(String text, List<Object> args, boolean descending) {}

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
        return new Sql(sql.toString(), args, q.descending());
    }
}
