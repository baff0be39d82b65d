package io.rynxs.shipping;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Shipper#runOnce} on a schedule: every {@code interval} while it succeeds, backing off
 * (doubling up to {@code maxBackoff}) while it fails, and not at all after a conflict. {@link #step} is
 * the scheduled work, callable directly by tests.
 */
public final class ShippingLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShippingLoop.class);

    private final Shipper shipper;
    private final Duration interval;
    private final Duration maxBackoff;
    private ScheduledExecutorService executor;
    private Duration backoff = Duration.ZERO;
    /** Failed steps in a row, and when the first of them failed (for the line that says shipping recovered). */
    private int failures;
    private Instant failingSince;
    private volatile Consumer<ShippingConflictException> onConflict = e -> {};

    public ShippingLoop(Shipper shipper, Duration interval, Duration maxBackoff) {
        if (interval.isNegative() || interval.isZero() || maxBackoff.compareTo(interval) < 0) {
            throw new IllegalArgumentException("shipping loop: interval " + interval + " must be positive and at most maxBackoff " + maxBackoff);
        }
        this.shipper = shipper;
        this.interval = interval;
        this.maxBackoff = maxBackoff;
    }

    /** Called once, on the loop's thread, when a conflict stops shipping (the replica steps down: docs/DESIGN.md, High availability). */
    public ShippingLoop onConflict(Consumer<ShippingConflictException> handler) {
        this.onConflict = handler;
        return this;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rynxs-shipping");
            t.setDaemon(true);
            return t;
        });
        // Stopping drops the step that waits for its delay instead of running it once more: a replica that lost the
        // Lease must not ship again, and stop would otherwise wait out the interval.
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = e;
        schedule(interval);
    }

    /** True between {@link #start} and {@link #stop}. */
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /**
     * Stops the schedule (a step already running finishes first); with {@code flush}, seals and ships whatever is
     * pending once more (shutdown: docs/DESIGN.md, High availability).
     */
    public void stop(boolean flush) {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
            executor = null;
        }
        if (e != null) {
            e.shutdown();
            try {
                e.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        if (flush && !shipper.isStopped()) {
            shipper.runOnce(true);
        }
    }

    /** One scheduled run; returns the delay before the next one, or null when shipping must stop. */
    public Duration step() {
        try {
            ShipResult r = shipper.runOnce();
            if (failures > 0) {
                LOG.info("shipping recovered after {} failed attempt(s) since {}: the sink holds the log through seq {} (head {})",
                        failures, failingSince, r.shippedThrough(), r.head());
                failures = 0;
                failingSince = null;
            }
            if (!r.shipped().isEmpty() || !r.backfilled().isEmpty()) {
                LOG.info("{}shipped {}; the sink holds the log through seq {} (head {})", r.backfillNote(),
                        r.shipped().isEmpty() ? "no new segment" : "segment(s) " + String.join(", ", r.shipped()), r.shippedThrough(), r.head());
            }
            backoff = Duration.ZERO;
            return interval;
        } catch (ShippingConflictException e) {
            LOG.error("shipping stopped: {}", e.getMessage());
            try {
                onConflict.accept(e);
            } catch (RuntimeException handlerFailure) {
                LOG.error("shipping conflict handler failed: {}", handlerFailure.getMessage(), handlerFailure);
            }
            return null;
        } catch (RuntimeException e) {
            backoff = backoff.isZero() ? interval : backoff.multipliedBy(2);
            if (backoff.compareTo(maxBackoff) > 0) {
                backoff = maxBackoff;
            }
            if (failures++ == 0) {
                failingSince = Instant.now();
            }
            LOG.warn("shipping failed (attempt {} since {}), retrying in {}: {}", failures, failingSince, backoff, e.getMessage());
            return backoff;
        }
    }

    private synchronized void schedule(Duration delay) {
        if (executor == null || delay == null) {
            return;
        }
        executor.schedule(() -> schedule(step()), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stop(false);
    }
}
