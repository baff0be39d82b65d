package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.state.DecodedEvent;
import io.rynxs.state.Replay;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.state.State;
import io.rynxs.state.StateBuilder;
import io.rynxs.state.StateException;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * State as of any seq (docs/DESIGN.md, The state): replay from the newest stored snapshot at or below it, so the cost is
 * bounded by the snapshot interval, not by the length of the log. Snapshots are a cache the log can
 * always rebuild; one whose stored hash does not match its content is skipped.
 */
public final class StateHistory {
    private final EventStore store;
    private final SnapshotPolicy policy;

    public StateHistory(EventStore store, SnapshotPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    /** Which seqs get a stored snapshot. */
    public SnapshotPolicy policy() {
        return policy;
    }

    /** The state after applying events 1..seq (genesis for 0). */
    public State at(long seq) {
        long head = store.head().seq();
        if (seq < 0 || seq > head) {
            throw new BeyondHeadException("replay: seq " + seq + " is outside 0.." + head + " (the log's head)");
        }
        long snapshotSeq = store.read(h -> newestSeq(h, seq));
        if (seq - snapshotSeq < PIPELINE_FROM) {
            return sequential(seq);
        }
        // Reader threads read and decode the events while this thread parses the snapshot, then it folds
        // what they hand over, in seq order.
        EventPipe pipe = EventPipe.start(store, snapshotSeq, seq, store.helper());
        try {
            StateBuilder from = snapshotSeq == 0 ? StateBuilder.genesis() : store.read(h -> newestSnapshot(h, seq)).orElse(null);
            if (from == null || from.head().seq() != snapshotSeq) {
                pipe.cancel();
                return sequential(seq);
            }
            return pipe.foldInto(from);
        } catch (RuntimeException e) {
            pipe.cancel();
            throw e;
        }
    }

    /** Below this many events to apply, a second thread costs more than it saves. */
    private static final long PIPELINE_FROM = 1_000;

    private State sequential(long seq) {
        return store.read(h -> {
            StateBuilder from = newestSnapshot(h, seq).orElseGet(StateBuilder::genesis);
            try (Stream<DecodedEvent> events = EventPipe.decodedRange(h, from.head().seq(), seq)) {
                events.forEach(from::apply);
            }
            return from.build(store.helper());
        });
    }

    /**
     * Stores every snapshot the policy asks for up to the head that is not stored yet, replaying from the
     * newest one; returns how many it wrote. The loop step behind the snapshotter (tests call it directly).
     */
    public int runOnce() {
        long head = store.head().seq();
        long target = policy.snapshotSeqAtOrBelow(head);
        return store.read(h -> {
            if (newestSeq(h, Long.MAX_VALUE) >= target) {
                return 0;
            }
            State from = newestSnapshot(h, head).map(StateBuilder::build).orElseGet(State::genesis);
            int[] written = {0};
            try (Stream<Event> events = range(h, from.seq(), target)) {
                Replay.replay(from, events.iterator(), policy, s -> {
                    h.createUpdate("INSERT OR IGNORE INTO snapshots (seq, state_hash, state) VALUES (:seq, :hash, :state)")
                            .bind("seq", s.seq()).bind("hash", s.hash()).bind("state", s.toJson().text()).execute();
                    written[0]++;
                }, store.helper());
            }
            return written[0];
        });
    }

    /**
     * Stores {@code state} as the snapshot at its seq, for a caller that computed it by folding the log's own
     * events (restore, which keeps one running state instead of replaying per snapshot). Its head must be
     * an event of this log; an existing snapshot at that seq is left as it is.
     */
    public void keep(State state) {
        long seq = state.seq();
        String stored = seq == 0 ? null : store.event(seq).map(Event::hash).orElse(null);
        if (stored == null || !stored.equals(state.head().hash())) {
            throw new StoreException("store snapshot at seq " + seq + ": its head " + state.head().hash() + " is not the hash of event "
                    + seq + " of this log (" + stored + "); fold this log's own events to build it");
        }
        store.read(h -> h.createUpdate("INSERT OR IGNORE INTO snapshots (seq, state_hash, state) VALUES (:seq, :hash, :state)")
                .bind("seq", seq).bind("hash", state.hash()).bind("state", state.toJson().text()).execute());
    }

    /**
     * The state after events 1..seq folded from genesis, no snapshot used: slow (every event), for telling a
     * wrong snapshot from wrong events when a replay disagrees with a signed state line.
     */
    public State fromGenesis(long seq) {
        long head = store.head().seq();
        if (seq < 0 || seq > head) {
            throw new BeyondHeadException("replay: seq " + seq + " is outside 0.." + head + " (the log's head)");
        }
        return store.read(h -> {
            StateBuilder from = StateBuilder.genesis();
            try (Stream<DecodedEvent> events = EventPipe.decodedRange(h, 0, seq)) {
                events.forEach(from::apply);
            }
            return from.build();
        });
    }

    /** Seq of the newest stored snapshot at or below {@code seq} (0 if none), usable or not. */
    public long snapshotSeqAtOrBelow(long seq) {
        return store.read(h -> newestSeq(h, seq));
    }

    /** Seq of the newest stored snapshot (0 if none). */
    public long newestSnapshotSeq() {
        return store.read(h -> newestSeq(h, Long.MAX_VALUE));
    }

    /** Seq of the newest stored snapshot at or below {@code atOrBelow} (0 if none). */
    private static long newestSeq(Handle h, long atOrBelow) {
        return h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM snapshots WHERE seq <= :seq")
                .bind("seq", atOrBelow).mapTo(Long.class).one();
    }

    /**
     * The newest usable snapshot at or below {@code atOrBelow}: its bytes match its stored hash and its head
     * is this log's event at its seq (a snapshot left from another chain, e.g. a quarantined tail, is
     * skipped like a tampered one, not served as this log's state).
     */
    private static Optional<StateBuilder> newestSnapshot(Handle h, long atOrBelow) {
        long below = atOrBelow;
        while (true) {
            Optional<Object[]> row = h.createQuery("SELECT s.seq, s.state_hash, s.state, e.hash FROM snapshots s"
                            + " LEFT JOIN events e ON e.seq = s.seq WHERE s.seq <= :seq ORDER BY s.seq DESC LIMIT 1")
                    .bind("seq", below)
                    .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getString(4)})
                    .findOne();
            if (row.isEmpty()) {
                return Optional.empty();
            }
            long seq = (Long) row.get()[0];
            try {
                StateBuilder b = StateBuilder.fromSnapshot((byte[]) row.get()[2], (String) row.get()[1]);
                if (b.head().seq() == seq && b.head().hash().equals(row.get()[3])) {
                    return Optional.of(b);
                }
            } catch (StateException | IllegalArgumentException e) {
                // Fall through: an unreadable snapshot is skipped like a mismatched one.
            }
            below = seq - 1;
        }
    }

    static Stream<Event> range(Handle h, long afterSeq, long toSeq) {
        return h.createQuery("SELECT " + StoredRow.COLUMNS + " FROM events WHERE seq > :after AND seq <= :to ORDER BY seq")
                .bind("after", afterSeq)
                .bind("to", toSeq)
                .setFetchSize(1024)
                .map((rs, ctx) -> StoredRow.read(rs).toEvent())
                .stream();
    }
}
