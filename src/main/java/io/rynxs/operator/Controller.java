package io.rynxs.operator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers draining a {@link WorkQueue} into a {@link Reconciler}: success forgets the key's failures, a
 * RETRY or an exception queues it again after its backoff. Stopping shuts the queue and waits for the
 * reconciles in flight to end, so a stop never cuts a reconcile between two of its appends.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final String name;
    private final WorkQueue<String> queue;
    private final Reconciler reconciler;
    private final List<Thread> workers = new ArrayList<>();

    public Controller(String name, WorkQueue<String> queue, Reconciler reconciler) {
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
    }

    public Controller start(int threads) {
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "rynxs-" + name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        return this;
    }

    public WorkQueue<String> queue() {
        return queue;
    }

    private void work() {
        while (true) {
            Optional<String> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            String key = next.get();
            try {
                Reconciler.Outcome outcome = reconciler.reconcile(key);
                if (outcome == Reconciler.Outcome.DONE) {
                    queue.forget(key);
                } else {
                    Duration delay = queue.addRateLimited(key);
                    LOG.debug("reconcile {} {}: retry in {}", name, key, delay);
                }
            } catch (RuntimeException e) {
                Duration delay = queue.addRateLimited(key);
                LOG.warn("reconcile {} {}: {} (retry {} in {})", name, key, e.toString(), queue.failures(key), delay);
            } finally {
                queue.done(key);
            }
        }
    }

    /** Shuts the queue and waits up to {@code timeout} for the workers to finish their current key. */
    public boolean stop(Duration timeout) {
        queue.shutDown();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return workers.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
