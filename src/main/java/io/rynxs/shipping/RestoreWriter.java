package io.rynxs.shipping;

import io.rynxs.event.Event;
import io.rynxs.state.State;
import io.rynxs.store.EventStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Restore's database side, on its own thread so that inserting one run of segments overlaps folding the
 * next: verified events are gathered into large transactions (about {@link #BATCH_EVENTS} events, whole
 * segments), and after each commit the snapshots and per-segment work (checkpoint, ledger) of those
 * segments run in order. At most {@link #MAX_QUEUED} segments wait, so memory stays bounded. A failure
 * on this thread is rethrown to the caller at its next call.
 */
final class RestoreWriter implements AutoCloseable {
    /** Fewer, larger transactions: each rewrites the touched index pages once, not once per segment. */
    static final int BATCH_EVENTS = 100_000;
    private static final int MAX_QUEUED = 16;

    /** One verified segment (or the part of it up to the requested seq). */
    record Segment(List<Event> events, List<State> snapshots, Runnable afterCommit) {
    }

    private final EventStore store;
    private final Consumer<State> keepSnapshot;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rynxs-restore-writer");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Future<?>> queued = new ArrayDeque<>();
    private final List<Segment> pending = new ArrayList<>();
    private int pendingEvents;
    /** The events written so far (read on the writer thread only, and by the caller after {@link #finish}). */
    private long written;

    RestoreWriter(EventStore store, Consumer<State> keepSnapshot) {
        this.store = store;
        this.keepSnapshot = keepSnapshot;
    }

    /** Queues a segment; blocks while too many wait. */
    void add(Segment segment) {
        while (queued.size() >= MAX_QUEUED) {
            await(queued.removeFirst());
        }
        rethrowFailures();
        queued.addLast(thread.submit(() -> {
            pending.add(segment);
            pendingEvents += segment.events().size();
            if (pendingEvents >= BATCH_EVENTS) {
                flush();
            }
        }));
    }

    /** Writes whatever is gathered and waits for everything queued; returns the events written. */
    long finish() {
        queued.addLast(thread.submit(this::flush));
        while (!queued.isEmpty()) {
            await(queued.removeFirst());
        }
        return written;
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Event> all = new ArrayList<>(pendingEvents);
        pending.forEach(s -> all.addAll(s.events()));
        store.appendVerified(all);
        written += all.size();
        for (Segment s : pending) {
            s.snapshots().forEach(keepSnapshot);
            s.afterCommit().run();
        }
        pending.clear();
        pendingEvents = 0;
    }

    private void rethrowFailures() {
        while (!queued.isEmpty() && queued.peekFirst().isDone()) {
            await(queued.removeFirst());
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("restore: interrupted while writing the database", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("restore: writing the database failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
