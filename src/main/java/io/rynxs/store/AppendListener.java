package io.rynxs.store;

import io.rynxs.event.Event;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Work done inside the append transaction for each batch (the Merkle tree, counters): it commits or
 * rolls back with the events. {@link #rolledBack} lets it discard in-memory state it prepared.
 */
public interface AppendListener {
    /** Called inside the transaction after the batch's rows are inserted. */
    void beforeCommit(Handle handle, List<Event> batch);

    /** Called after a successful commit. */
    default void afterCommit(List<Event> batch) {}

    /** Called when the transaction was rolled back. */
    default void rolledBack() {}

    /** Called inside the write lock when the log's head is not the one this writer last committed. */
    default void reload(Handle handle, Head head) {}
}
