package io.rynxs.cli;

import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreOptions;
import java.time.Clock;

/** The store with its state history and checkpoints, as the commands that need all three open them. */
record LogOpener(EventStore store, StateHistory history, Checkpoints checkpoints) implements AutoCloseable {
    static LogOpener open(StoreOptions options) {
        EventStore store = EventStore.open(options);
        StateHistory history = new StateHistory(store, SnapshotPolicy.DEFAULT);
        return new LogOpener(store, history, new Checkpoints(store, history, Clock.systemUTC()));
    }

    @Override
    public void close() {
        store.close();
    }
}
