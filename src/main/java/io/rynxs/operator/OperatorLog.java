package io.rynxs.operator;

import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.state.State;
import io.rynxs.state.StateBuilder;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import io.rynxs.store.FencedException;
import io.rynxs.store.StateHistory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's window on the log: appends at its leadership epoch and keeps the state the decisions
 * read, caught up with whatever else was appended (API audit records included). Thread-safe.
 *
 * <p>The state is kept running: each event is applied once, with the reducer, to a working copy. Building
 * the immutable {@link State} from it (canonical JSON and hash of every agent) is linear in the number of
 * agents, so it happens only when a caller needs a state newer than the last one built: a reconcile reads
 * {@link #stateFor} its agent, which is the last built state unless this operator appended about that
 * agent since. With 1,000 agents a build costs tens of milliseconds; doing one per append made
 * reconciling quadratic.
 */
public final class OperatorLog {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorLog.class);

    private final EventStore store;
    private final Map<String, Long> lastAppended = new ConcurrentHashMap<>();
    private volatile long epoch;
    private StateBuilder running;
    private State built;

    public OperatorLog(EventStore store, StateHistory history, long epoch) {
        this.store = store;
        this.epoch = epoch;
        resync(history);
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
        built = history.at(store.head().seq());
        running = StateBuilder.from(built);
        lastAppended.clear();
    }

    /** The state after every durable event. */
    public synchronized State state() {
        catchUp();
        if (built.seq() != running.head().seq()) {
            built = running.build(store.helper());
        }
        return built;
    }

    /**
     * A state that holds every event this operator appended about {@code aggregate} (e.g. {@code agent/ns/name}):
     * the last one built when that suffices, else {@link #state()}. Only the leader appends operator events and
     * one reconcile per object runs at a time, so what the state says about that aggregate is then current.
     */
    synchronized State stateFor(String aggregate) {
        Long seq = lastAppended.get(aggregate);
        return seq == null || built.seq() >= seq ? built : state();
    }

    private void catchUp() {
        long head = store.head().seq();
        while (running.head().seq() < head) {
            List<Event> page = store.events(EventQuery.after(running.head().seq(), 1_000));
            if (page.isEmpty()) {
                break;
            }
            page.forEach(running::apply);
        }
    }

    /**
     * Appends one event at this operator's epoch and waits until it is durable. A {@link FencedException}
     * means another leader has written at a higher epoch: it is logged here and rethrown, so the caller
     * stops rather than retries.
     */
    public Event append(NewEvent event) {
        Event e;
        try {
            e = store.append(AppendRequest.of(event, epoch));
        } catch (FencedException ex) {
            LOG.error("append {} {}: fenced at epoch {}: {} (another replica leads now; this one stops writing)",
                    event.type(), event.aggregate(), epoch, ex.getMessage());
            throw ex;
        }
        lastAppended.merge(e.aggregate(), e.seq(), Math::max);
        synchronized (this) {
            // Usually the next event of the running state: apply it without reading it back (else catchUp will).
            if (e.seq() == running.head().seq() + 1) {
                running.apply(e);
            }
        }
        return e;
    }
}
