package io.rynxs.api;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.rynxs.event.Event;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /events/stream}: server-sent events, the backlog after a seq and then every new event,
 * each with {@code id: <seq>} so a client reconnecting with {@code Last-Event-ID} resumes exactly.
 *
 * <p>One thread writes to every client, so each client sees its events in order and exactly once.
 * It wakes when told of an append ({@link #onAppended}) and, as a fallback for appends it is not told
 * of (another process, a follower applying segments), once a second; it reads only when the head has
 * moved past a client.
 */
final class EventTail implements AutoCloseable {
    private static final int PAGE = 500;
    private static final long POLL_MILLIS = 1000;
    private static final long KEEPALIVE_MILLIS = 15_000;

    private static final class Subscriber {
        final SseClient client;
        volatile long lastSeq;
        long lastWriteMillis = System.currentTimeMillis();

        Subscriber(SseClient client, long lastSeq) {
            this.client = client;
            this.lastSeq = lastSeq;
        }
    }

    private final EventStore store;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rynxs-api-tail");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    EventTail(EventStore store) {
        this.store = store;
        thread.scheduleWithFixedDelay(this::drainAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Validates the start position, then keeps the response open as an event stream. */
    void open(Context ctx) {
        Params p = Params.of(ctx, "afterSeq");
        long head = store.head().seq();
        String lastEventId = ctx.header("Last-Event-ID");
        long after = lastEventId != null ? Params.parse("Last-Event-ID", lastEventId.strip(), 0, head)
                : p.number("afterSeq", 0, head, head);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiProblem(406, "not-acceptable", "Not acceptable",
                    "header Accept must include text/event-stream for the event stream (EventSource sends it; with curl add -H 'Accept: text/event-stream')");
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        new SseHandler(client -> {
            Subscriber s = new Subscriber(client, after);
            client.onClose(() -> subscribers.remove(s));
            subscribers.add(s);
            client.keepAlive();
            onAppended(store.head().seq());
        }).handle(ctx);
    }

    /** Tells the tail the head moved; cheap and safe to call from the append path. */
    void onAppended(long headSeq) {
        if (wakeQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                wakeQueued.set(false);
                drainAll();
            });
        }
    }

    int subscribers() {
        return subscribers.size();
    }

    private void drainAll() {
        long head = store.head().seq();
        long now = System.currentTimeMillis();
        for (Subscriber s : subscribers) {
            try {
                if (s.client.terminated()) {
                    subscribers.remove(s);
                } else if (s.lastSeq < head) {
                    drain(s, head);
                    s.lastWriteMillis = now;
                } else if (now - s.lastWriteMillis >= KEEPALIVE_MILLIS) {
                    s.client.sendComment("keepalive");
                    s.lastWriteMillis = now;
                }
            } catch (RuntimeException e) {
                // A client that cannot be written to is gone; it reconnects with Last-Event-ID.
                subscribers.remove(s);
                s.client.close();
            }
        }
    }

    private void drain(Subscriber s, long head) {
        while (s.lastSeq < head && !s.client.terminated()) {
            List<Event> page = store.events(EventQuery.after(s.lastSeq, PAGE));
            if (page.isEmpty()) {
                return;
            }
            for (Event e : page) {
                s.client.sendEvent("event", e.line(), Long.toString(e.seq()));
                s.lastSeq = e.seq();
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        for (Subscriber s : subscribers) {
            s.client.close();
        }
        subscribers.clear();
    }
}
