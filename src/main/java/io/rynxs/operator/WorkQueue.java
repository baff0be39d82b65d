package io.rynxs.operator;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A keyed work queue in the manner of client-go's: keys come out in the order they were first added, a
 * key added again while queued is coalesced into one entry, a key is never handed to two workers at
 * once (added while in flight, it is queued again when the worker is {@link #done}), and failures are
 * retried after an exponential, capped delay. Thread-safe.
 */
public final class WorkQueue<K> implements AutoCloseable {
    private final Object lock = new Object();
    private final LinkedHashSet<K> queued = new LinkedHashSet<>();
    private final Set<K> inFlight = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private boolean shutDown;

    public WorkQueue(String name, Backoff backoff) {
        this.backoff = backoff;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rynxs-queue-" + name + "-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code key} unless it is queued already; a key in flight is queued again when done. */
    public void add(K key) {
        synchronized (lock) {
            if (shutDown) {
                return;
            }
            if (inFlight.contains(key)) {
                dirty.add(key);
            } else if (queued.add(key)) {
                lock.notifyAll();
            }
        }
    }

    /** Queues {@code key} after {@code delay}. */
    public void addAfter(K key, Duration delay) {
        synchronized (lock) {
            if (shutDown) {
                return;
            }
            timer.schedule(() -> add(key), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Queues {@code key} after its backoff delay, which doubles with each failure since the last {@link #forget}. */
    public Duration addRateLimited(K key) {
        Duration delay;
        synchronized (lock) {
            delay = backoff.delay(failures.merge(key, 1, Integer::sum));
        }
        addAfter(key, delay);
        return delay;
    }

    /** Clears the failure count of {@code key} (after a success). */
    public void forget(K key) {
        synchronized (lock) {
            failures.remove(key);
        }
    }

    /** Failures of {@code key} since it last succeeded. */
    public int failures(K key) {
        synchronized (lock) {
            return failures.getOrDefault(key, 0);
        }
    }

    /** Waits for the next key and marks it in flight; empty once the queue is shut down. */
    public Optional<K> take() throws InterruptedException {
        synchronized (lock) {
            while (queued.isEmpty() && !shutDown) {
                lock.wait();
            }
            if (shutDown) {
                return Optional.empty();
            }
            Iterator<K> it = queued.iterator();
            K key = it.next();
            it.remove();
            inFlight.add(key);
            return Optional.of(key);
        }
    }

    /** Ends the work on {@code key}; if it was added meanwhile it is queued again. */
    public void done(K key) {
        synchronized (lock) {
            inFlight.remove(key);
            if (dirty.remove(key) && !shutDown) {
                queued.add(key);
                lock.notifyAll();
            }
        }
    }

    /** Keys waiting to be taken (not counting those in flight or delayed). */
    public int size() {
        synchronized (lock) {
            return queued.size();
        }
    }

    public boolean isShutDown() {
        synchronized (lock) {
            return shutDown;
        }
    }

    /** Stops handing out keys: waiting workers get empty, pending and delayed keys are dropped. */
    public void shutDown() {
        synchronized (lock) {
            shutDown = true;
            queued.clear();
            dirty.clear();
            lock.notifyAll();
        }
        timer.shutdownNow();
    }

    @Override
    public void close() {
        shutDown();
    }
}
