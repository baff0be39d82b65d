package io.rynxs.shipping;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointCode;
import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.segment.Anchors;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentCode;
import io.rynxs.segment.SegmentFailure;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.state.State;
import io.rynxs.state.StateBuilder;
import io.rynxs.store.BulkLoad;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds an empty log from segments (docs/DESIGN.md, Segments and the sink): each segment is verified completely by
 * {@link SegmentVerifier} before any of its events is inserted, with their original time, epoch and hash.
 * One running state is folded across all segments; at each segment's end its hash must equal the state
 * line of the segment's signed checkpoint, else the restore stops there with {@code CHECKPOINT_INVALID}
 * (a verification failure) and that segment is not inserted. Passing segments go to a
 * {@link RestoreWriter}, which inserts them in large transactions while the next ones are verified and
 * folded, stores the snapshots the policy asks for from the same running state, and stores each
 * segment's checkpoint (its root and chain checked against the rebuilt log) and ledger row.
 * With {@code toSeq} the log stops there, in the middle of a segment if need be (that segment is then
 * not recorded: the database is a fork from there on).
 *
 * <p>The verification is held to {@link Anchors} as {@code segments verify} holds it: a restore of everything
 * fails ({@code TRUNCATED}) when the sink still holds a signed checkpoint beyond what it could restore; with
 * {@code toSeq} what the sink holds beyond is not asked for, but held notes and an expected size still are, and
 * segments beyond {@code toSeq} are then verified (not inserted) as far as they reach.
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

    /**
     * Restores into the database file {@code target} through a {@link BulkLoad}: loaded beside it without
     * journal or secondary indexes, and moved into place only once every segment verified and the indexes
     * are built, so the target is never a partial log. It must not exist, unless {@code replaceEmpty} and
     * it holds no events ({@code rynxs serve} on a fresh volume). On a failure nothing is left behind.
     */
    public SegmentReport runInto(Path target, SnapshotPolicy policy, long toSeq, boolean replaceEmpty) {
        return runInto(target, policy, toSeq, replaceEmpty, Anchors.SINK).verified();
    }

    /** Like {@link #runInto(Path, SnapshotPolicy, long, boolean)}, held to {@code anchors}, reporting what was restored. */
    public Restored runInto(Path target, SnapshotPolicy policy, long toSeq, boolean replaceEmpty, Anchors anchors) {
        try (BulkLoad load = BulkLoad.begin(target, replaceEmpty)) {
            Restored restored;
            try (EventStore store = EventStore.open(load.options())) {
                StateHistory history = new StateHistory(store, policy);
                restored = run(store, history, new Checkpoints(store, history, clock), toSeq, anchors);
            }
            if (restored.ok()) {
                load.complete();
            }
            return restored;
        }
    }

    /** Restores into {@code store}, which must be empty; {@code toSeq} 0 restores everything. */
    public SegmentReport run(EventStore store, StateHistory history, Checkpoints checkpoints, long toSeq) {
        return run(store, history, checkpoints, toSeq, Anchors.SINK).verified();
    }

    /** Restores into {@code store}, which must be empty, held to {@code anchors}; {@code toSeq} 0 restores everything. */
    public Restored run(EventStore store, StateHistory history, Checkpoints checkpoints, long toSeq, Anchors anchors) {
        if (!store.head().isEmpty()) {
            throw new StoreException("restore: the database already holds " + store.head().seq()
                    + " events (restore into a new database file)");
        }
        SegmentLedger ledger = new SegmentLedger(store);
        SnapshotPolicy policy = history.policy();
        StateBuilder running = StateBuilder.genesis();
        Restored.Tally tally = new Restored.Tally();
        try (RestoreWriter writer = new RestoreWriter(store, history::keep)) {
            SegmentReport report = new SegmentVerifier(objects, layout, key).verifyChecked(toSeq, anchors, (m, events, note) -> {
                if (toSeq > 0 && m.first() > toSeq) {
                    // Verified for an anchor beyond toSeq, not restored.
                    return null;
                }
                boolean whole = toSeq == 0 || m.last() <= toSeq;
                List<Event> wanted = whole ? events : events.subList(0, (int) (toSeq - m.first() + 1));
                List<State> snapshots = new ArrayList<>(1);
                for (Event e : wanted) {
                    running.apply(e);
                    if (policy.isSnapshotSeq(e.seq())) {
                        snapshots.add(running.build(store.helper()));
                    }
                }
                if (!whole) {
                    Event last = wanted.get(wanted.size() - 1);
                    State at = !snapshots.isEmpty() && snapshots.get(snapshots.size() - 1).seq() == last.seq()
                            ? snapshots.get(snapshots.size() - 1) : running.build(store.helper());
                    tally.add(false, wanted.size(), last.seq(), last.hash(), at.hash());
                    writer.add(new RestoreWriter.Segment(wanted, snapshots, () -> { }));
                    return null;
                }
                State end = !snapshots.isEmpty() && snapshots.get(snapshots.size() - 1).seq() == m.last()
                        ? snapshots.get(snapshots.size() - 1) : running.build(store.helper());
                String signed = Checkpoint.open(note, key).stateHash();
                if (!signed.equals(end.hash())) {
                    return new SegmentFailure(SegmentCode.CHECKPOINT_INVALID, layout.checkpointKey(m.last()), m.last(),
                            CheckpointCode.STATE_MISMATCH + ": the state after events 1.." + m.last() + " hashes to " + end.hash()
                                    + ", the signed checkpoint says " + signed
                                    + " (the segments were written by a reducer that folds differently; restore with that version)");
                }
                tally.add(true, wanted.size(), m.last(), m.head(), end.hash());
                writer.add(new RestoreWriter.Segment(wanted, snapshots, () -> {
                    checkpoints.adopt(note, key, end.seq(), end.hash());
                    ledger.imported(record(m));
                }));
                return null;
            });
            writer.finish();
            return tally.of(report);
        }
    }

    private SegmentRecord record(Manifest m) {
        return new SegmentRecord(m.first(), m.last(), layout.segmentKey(m.first(), m.last()), m.objectSha256(), null, m.sha256(), m.toBytes(), true,
                m.sealedAt(), EventTime.format(clock.instant()));
    }
}
