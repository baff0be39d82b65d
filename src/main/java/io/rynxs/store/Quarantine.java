package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.Json;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The quarantine (docs/DESIGN.md, High availability, docs/design/quarantine.md): events a deposed leader wrote but never shipped,
 * moved out of the log when it rejoins as a follower, kept forever and listed by the API.
 *
 * <p>{@link #moveAfter} is the single operation that removes rows from the append-only tables. In one
 * transaction on the writer's connection it records the batch (audit row), copies every event after
 * {@code afterSeq} into {@code quarantine}, switches the one-row {@code maintenance} flag on for that batch
 * and seq, deletes the events (the trigger lets through only rows whose copy is in the batch), the Merkle
 * nodes that cover them, the unshipped segment rows sealed from them (shipped rows make the trigger abort
 * the whole move), the checkpoints signed over them (their notes are kept in the batch row) and the
 * snapshots after them, then switches the flag off and commits.
 */
public final class Quarantine {
    /** One move: which events, why, when. */
    public record Batch(long batch, long afterSeq, long firstSeq, long lastSeq, long count, String kind, String reason,
                        List<String> checkpoints, String quarantinedAt) {}

    /** {@code diverged}: the bucket continued the chain elsewhere; {@code fencing-conflict}: a write-once key collision. */
    public enum Kind {
        DIVERGED("diverged"), FENCING_CONFLICT("fencing-conflict");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    private final EventStore store;

    public Quarantine(EventStore store) {
        this.store = store;
    }

    /**
     * Moves every event after {@code afterSeq} into a new quarantine batch; empty when there is none.
     * Refuses (and changes nothing) if any of them is inside a shipped segment.
     */
    public Optional<Batch> moveAfter(long afterSeq, Kind kind, String reason, Instant at) {
        if (afterSeq < 0) {
            throw new StoreException("quarantine: afterSeq " + afterSeq + " is negative");
        }
        return store.maintenance(h -> {
            // Before the events go: no page may be served from a bundle of lines that are leaving the log.
            store.lineBundles().dropAfter(afterSeq);
            try {
                exec(h, "BEGIN IMMEDIATE");
                try {
                    Optional<Batch> b = move(h, afterSeq, kind, reason, at);
                    exec(h, "COMMIT");
                    return b;
                } catch (RuntimeException | SQLException e) {
                    exec(h, "ROLLBACK");
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("quarantine after seq " + afterSeq + ": " + e.getMessage() + " (nothing was moved)", e);
            }
        });
    }

    private static Optional<Batch> move(Handle h, long afterSeq, Kind kind, String reason, Instant at) throws SQLException {
        long head = EventQueries.head(h).seq();
        if (head <= afterSeq) {
            return Optional.empty();
        }
        long batch = h.createQuery("SELECT COALESCE(MAX(batch), 0) + 1 FROM quarantine_batches").mapTo(Long.class).one();
        List<String> notes = h.createQuery("SELECT note FROM checkpoints WHERE tree_size > :after ORDER BY tree_size")
                .bind("after", afterSeq).mapTo(String.class).list();
        String notesJson = Json.write(notes);
        String when = EventTime.format(at);
        h.createUpdate("INSERT INTO quarantine_batches (batch, after_seq, first_seq, last_seq, count, kind, reason, checkpoints,"
                        + " quarantined_at) VALUES (:batch, :after, :first, :last, :count, :kind, :reason, :notes, :at)")
                .bind("batch", batch).bind("after", afterSeq).bind("first", afterSeq + 1).bind("last", head)
                .bind("count", head - afterSeq).bind("kind", kind.word()).bind("reason", reason).bind("notes", notesJson)
                .bind("at", when).execute();
        h.createUpdate("INSERT INTO quarantine (batch, seq, v, type, aggregate, time, epoch, payload, meta, prev, hash)"
                        + " SELECT :batch, seq, v, type, aggregate, time, epoch, payload, meta, prev, hash FROM events WHERE seq > :after")
                .bind("batch", batch).bind("after", afterSeq).execute();
        h.createUpdate("UPDATE maintenance SET active = 1, batch = :batch, after_seq = :after WHERE id = 1")
                .bind("batch", batch).bind("after", afterSeq).execute();
        h.createUpdate("DELETE FROM events WHERE seq > :after").bind("after", afterSeq).execute();
        h.createUpdate("DELETE FROM merkle_nodes WHERE (idx + 1) * (1 << level) > :after").bind("after", afterSeq).execute();
        h.createUpdate("DELETE FROM segments WHERE last > :after").bind("after", afterSeq).execute();
        h.createUpdate("DELETE FROM checkpoints WHERE tree_size > :after").bind("after", afterSeq).execute();
        h.createUpdate("DELETE FROM snapshots WHERE seq > :after").bind("after", afterSeq).execute();
        h.createUpdate("UPDATE maintenance SET active = 0, batch = NULL, after_seq = NULL WHERE id = 1").execute();
        return Optional.of(new Batch(batch, afterSeq, afterSeq + 1, head, head - afterSeq, kind.word(), reason, notes, when));
    }

    private static void exec(Handle h, String sql) throws SQLException {
        try (Statement st = h.getConnection().createStatement()) {
            st.execute(sql);
        }
    }

    /** Every batch, oldest first. */
    public List<Batch> batches() {
        return store.read(h -> h.createQuery("SELECT batch, after_seq, first_seq, last_seq, count, kind, reason, checkpoints,"
                        + " quarantined_at FROM quarantine_batches ORDER BY batch")
                .map((rs, ctx) -> new Batch(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                        rs.getString(7), notes(rs.getString(8)), rs.getString(9)))
                .list());
    }

    /** The events of one batch, in seq order, exactly as they were in the log. */
    public List<Event> events(long batch) {
        return store.read(h -> h.createQuery("SELECT " + StoredRow.COLUMNS + " FROM quarantine WHERE batch = :batch ORDER BY seq")
                .bind("batch", batch).map((rs, ctx) -> StoredRow.read(rs).toEvent()).list());
    }

    /** Events in quarantine, all batches. */
    public long count() {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM quarantine").mapTo(Long.class).one());
    }

    private static List<String> notes(String json) {
        Object parsed = Json.parse(json, 4);
        return parsed instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
