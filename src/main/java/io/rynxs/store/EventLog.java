package io.rynxs.store;

import io.rynxs.state.SnapshotPolicy;
import java.time.Clock;

/** The log as the commands that read or sign it open it: the store with its state history and its checkpoints. */
public record EventLog(EventStore store, StateHistory history, Checkpoints checkpoints) implements AutoCloseable {
    public static EventLog open(StoreOptions options) {
        EventStore store = EventStore.open(options);
        StateHistory history = new StateHistory(store, SnapshotPolicy.DEFAULT);
        return new EventLog(store, history, new Checkpoints(store, history, Clock.systemUTC()));
    }

    @Override
    public void close() {
        store.close();
    }
}
