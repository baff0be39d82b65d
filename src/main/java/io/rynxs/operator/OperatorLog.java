package io.rynxs.operator;

import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.state.Replay;
import io.rynxs.state.State;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import io.rynxs.store.FencedException;
import io.rynxs.store.StateHistory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's window on the log: appends at its leadership epoch and keeps the state the decisions
 * read, caught up with whatever else was appended (API audit records included). Thread-safe.
 */
public final class OperatorLog {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorLog.class);

    private final EventStore store;
    private volatile long epoch;
    private State state;

    public OperatorLog(EventStore store, StateHistory history, long epoch) {
        this.store = store;
        this.epoch = epoch;
        this.state = history.at(store.head().seq());
    }

    public EventStore store() {
        return store;
    }

    public long epoch() {
        return epoch;
    }

    void epoch(long e) {
        epoch = e;
    }

    /** Rebuilds the state from the log as it is now (after a catch-up or a quarantine moved the head back). */
    synchronized void resync(StateHistory history) {
        state = history.at(store.head().seq());
    }

    /** The state after every durable event. */
    public synchronized State state() {
        while (state.seq() < store.head().seq()) {
            List<Event> page = store.events(EventQuery.after(state.seq(), 1_000));
            if (page.isEmpty()) {
                break;
            }
            state = Replay.replay(state, page);
        }
        return state;
    }

    /**
     * Appends one event at this operator's epoch and waits until it is durable. A {@link FencedException}
     * means another leader has written at a higher epoch: it is logged here and rethrown, so the caller
     * stops rather than retries.
     */
    public Event append(NewEvent event) {
        try {
            return store.append(AppendRequest.of(event, epoch));
        } catch (FencedException e) {
            LOG.error("append {} {}: fenced at epoch {}: {} (another replica leads now; this one stops writing)",
                    event.type(), event.aggregate(), epoch, e.getMessage());
            throw e;
        }
    }
}
