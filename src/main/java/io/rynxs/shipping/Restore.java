package io.rynxs.shipping;

import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreException;
import java.time.Clock;
import java.util.List;

/**
 * Rebuilds an empty log from segments (DESIGN §6): each segment is verified completely by
 * {@link SegmentVerifier} before any of its events is inserted, with their original time, epoch and hash;
 * each segment checkpoint is then checked against the rebuilt log, state hash included, and stored; each
 * whole segment is recorded as shipped. With {@code toSeq} the log stops there, in the middle of a
 * segment if need be (that segment is then not recorded: the database is a fork from there on).
 */
public final class Restore {
    private final ObjectStore objects;
    private final SegmentLayout layout;
    private final NoteVerifier key;
    private final Clock clock;

    public Restore(ObjectStore objects, SegmentLayout layout, NoteVerifier key, Clock clock) {
        this.objects = objects;
        this.layout = layout;
        this.key = key;
        this.clock = clock;
    }

    /** Restores into {@code store}, which must be empty; {@code toSeq} 0 restores everything. */
    public SegmentReport run(EventStore store, StateHistory history, Checkpoints checkpoints, long toSeq) {
        if (!store.head().isEmpty()) {
            throw new StoreException("restore: the database already holds " + store.head().seq()
                    + " events (restore into a new database file)");
        }
        SegmentLedger ledger = new SegmentLedger(store);
        return new SegmentVerifier(objects, layout, key).verify(toSeq, (m, events, note) -> {
            List<Event> wanted = toSeq > 0 && m.last() > toSeq ? events.subList(0, (int) (toSeq - m.first() + 1)) : events;
            store.appendVerified(wanted);
            history.runOnce();
            if (wanted.size() == events.size()) {
                checkpoints.adopt(note, key);
                ledger.imported(record(m));
            }
        });
    }

    private SegmentRecord record(Manifest m) {
        return new SegmentRecord(m.first(), m.last(), layout.segmentKey(m.first(), m.last()), m.objectSha256(), null, m.sha256(), m.toBytes(), true,
                m.sealedAt(), EventTime.format(clock.instant()));
    }
}
