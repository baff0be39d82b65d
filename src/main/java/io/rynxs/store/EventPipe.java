package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.state.DecodedEvent;
import io.rynxs.state.State;
import io.rynxs.state.StateBuilder;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a seq range of events on a helper thread, with their payloads already decoded and checked
 * ({@link DecodedEvent}), and hands them to the thread that folds them: replay's reading and folding then run on two cores at once. The fold
 * itself stays single-threaded and in seq order, so the result is the same state, byte for byte.
 */
final class EventPipe {
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rynxs-replay-reader");
        t.setDaemon(true);
        return t;
    });
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2_048);
    private volatile boolean cancelled;

    private EventPipe() {}

    static EventPipe start(EventStore store, long afterSeq, long toSeq) {
        EventPipe pipe = new EventPipe();
        READERS.execute(() -> pipe.read(store, afterSeq, toSeq));
        return pipe;
    }

    private void read(EventStore store, long afterSeq, long toSeq) {
        try {
            store.read(h -> {
                try (Stream<Event> events = StateHistory.range(h, afterSeq, toSeq)) {
                    Iterator<Event> it = events.iterator();
                    while (it.hasNext() && !cancelled) {
                        put(DecodedEvent.of(it.next()));
                    }
                }
                return null;
            });
            put(END);
        } catch (RuntimeException e) {
            put(e);
        }
    }

    private void put(Object item) {
        try {
            while (!cancelled && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // The folding thread is behind; wait for room unless it gave up.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Applies every event of the range onto {@code from} and builds the state. */
    State foldInto(StateBuilder from) {
        try {
            while (true) {
                Object next = queue.take();
                if (next == END) {
                    return from.build();
                }
                if (next instanceof RuntimeException e) {
                    throw e;
                }
                from.apply((DecodedEvent) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("replay: interrupted", e);
        } finally {
            cancelled = true;
        }
    }

    void cancel() {
        cancelled = true;
        queue.clear();
    }
}
