package io.rynxs.state;

import io.rynxs.event.Event;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Replays events onto a state (docs/DESIGN.md, The state): pure, one working copy for the whole run. */
public final class Replay {
    private Replay() {}

    /**
     * Applies {@code events} in order after {@code from}. The first event must have seq
     * {@code from.seq() + 1} and prev {@code from.head().hash()}, and each next one must continue it;
     * otherwise a {@link StateException} names the offending seq.
     */
    public static State replay(State from, Iterator<Event> events) {
        return replay(from, events, SnapshotPolicy.NEVER, s -> { }, null);
    }

    public static State replay(State from, Iterable<Event> events) {
        return replay(from, events.iterator());
    }

    /** Applies {@code events} onto a working copy (e.g. one read from a snapshot) and builds the state once. */
    public static State replay(StateBuilder from, Iterator<Event> events) {
        while (events.hasNext()) {
            from.apply(events.next());
        }
        return from.build();
    }

    /**
     * Like {@link #replay(State, Iterator)}, handing over the state at every snapshot seq of {@code policy};
     * {@code helper} (or null) writes half of each large state's canonical text ({@link StateBuilder#build(Executor)}).
     */
    public static State replay(State from, Iterator<Event> events, SnapshotPolicy policy, Consumer<State> onSnapshot, Executor helper) {
        StateBuilder b = StateBuilder.from(from);
        while (events.hasNext()) {
            Event e = events.next();
            b.apply(e);
            if (policy.isSnapshotSeq(e.seq())) {
                onSnapshot.accept(b.build(helper));
            }
        }
        return b.build(helper);
    }
}
