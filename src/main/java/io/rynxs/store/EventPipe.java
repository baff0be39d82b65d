package io.rynxs.store;

import io.rynxs.event.EventType;
import io.rynxs.state.DecodedEvent;
import io.rynxs.state.State;
import io.rynxs.state.StateBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Reads a seq range of events on helper threads, with their payloads already decoded and checked
 * ({@link DecodedEvent}), and hands them to the thread that folds them. A long range is split in two
 * halves read at once, so that reading and decoding, the bulk of a replay, share both cores with the
 * folding thread's own work (parsing the snapshot, then building the state). The fold itself stays
 * single-threaded and in seq order, so the result is the same state, byte for byte.
 */
final class EventPipe {
    private static final Object END = new Object();

    /** At most this many decoded events wait in one part's queue (a snapshot interval's half fits). */
    private static final long MAX_BUFFERED = 16_384;

    /** From this many events on, two readers each take half of the range. */
    static final long SPLIT_FROM = 4_000;

    private final List<Part> parts;
    private final Executor helper;

    private EventPipe(List<Part> parts, Executor helper) {
        this.parts = parts;
        this.helper = helper;
    }

    /** Starts the readers on {@code threads} (which must run two tasks at once, plus the state's writer). */
    static EventPipe start(EventStore store, long afterSeq, long toSeq, Executor threads) {
        List<Part> parts = new ArrayList<>(2);
        if (toSeq - afterSeq >= SPLIT_FROM) {
            long middle = afterSeq + (toSeq - afterSeq) / 2;
            parts.add(new Part(store, afterSeq, middle));
            parts.add(new Part(store, middle, toSeq));
        } else {
            parts.add(new Part(store, afterSeq, toSeq));
        }
        parts.forEach(p -> threads.execute(p::read));
        return new EventPipe(parts, threads);
    }

    /** Applies every event of the range onto {@code from}, part after part, and builds the state. */
    State foldInto(StateBuilder from) {
        try {
            for (Part p : parts) {
                p.drainInto(from);
            }
            return from.build(helper);
        } finally {
            cancel();
        }
    }

    void cancel() {
        parts.forEach(Part::cancel);
    }

    /**
     * Events (afterSeq, toSeq] decoded straight from the columns the reducer reads: a replay of 10,000
     * events spends much of its time turning columns into strings, and time, epoch and meta never
     * change the state (the chain itself is checked by the fold, prev against head).
     */
    static Stream<DecodedEvent> decodedRange(Handle h, long afterSeq, long toSeq) {
        return h.createQuery("SELECT seq, type, aggregate, payload, prev, hash FROM events WHERE seq > :after AND seq <= :to ORDER BY seq")
                .bind("after", afterSeq)
                .bind("to", toSeq)
                .setFetchSize(1024)
                .map((rs, ctx) -> {
                    long seq = rs.getLong(1);
                    String type = EventType.check(rs.getString(2));
                    return DecodedEvent.of(seq, type, rs.getString(3), StoredRow.payload(seq, rs.getString(4)), rs.getString(5), rs.getString(6));
                })
                .stream();
    }

    /** One reader: its half of the range, decoded into a bounded queue that the folding thread drains. */
    private static final class Part {
        private final EventStore store;
        private final long afterSeq;
        private final long toSeq;
        private final BlockingQueue<Object> queue;
        private volatile boolean cancelled;

        Part(EventStore store, long afterSeq, long toSeq) {
            this.store = store;
            this.afterSeq = afterSeq;
            this.toSeq = toSeq;
            // Room for the whole part (plus its end mark) up to a cap: a reader must not stall while the
            // folding thread is still parsing the snapshot or draining the part before it.
            this.queue = new ArrayBlockingQueue<>((int) Math.min(toSeq - afterSeq + 1, MAX_BUFFERED));
        }

        void read() {
            try {
                store.read(h -> {
                    try (Stream<DecodedEvent> events = decodedRange(h, afterSeq, toSeq)) {
                        Iterator<DecodedEvent> it = events.iterator();
                        while (it.hasNext() && !cancelled) {
                            put(it.next());
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
                    // The folding thread is behind (or still on an earlier part); wait for room unless it gave up.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void drainInto(StateBuilder from) {
            try {
                while (true) {
                    Object next = queue.take();
                    if (next == END) {
                        return;
                    }
                    if (next instanceof RuntimeException e) {
                        throw e;
                    }
                    from.apply((DecodedEvent) next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("replay: interrupted", e);
            }
        }

        void cancel() {
            cancelled = true;
            queue.clear();
        }
    }
}
