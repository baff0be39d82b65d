package io.rynxs.cli;

import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.store.AutoCheckpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoredCheckpoint;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The schedulers of {@code rynxs serve}: each loop is a {@code runOnce()} step called at a fixed delay;
 * a failing step is logged and tried again at the next tick, never kills the loop.
 */
final class Background {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final ScheduledExecutorService executor;

    private Background(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static Background start(AutoCheckpoints auto, StateHistory history, EventStore store, RynxsMetrics metrics) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rynxs-background");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> step("checkpoint", () -> {
            long t0 = System.nanoTime();
            Optional<StoredCheckpoint> signed;
            try {
                signed = auto.runOnce();
            } catch (RuntimeException e) {
                metrics.checkpointCreateFailed();
                throw e;
            }
            signed.ifPresent(c -> {
                metrics.checkpointCreated((System.nanoTime() - t0) / 1e9);
                MDC.put("seq", String.valueOf(c.treeSize()));
                LOG.info("checkpoint signed at tree size {} root {}", c.treeSize(), c.root());
                MDC.remove("seq");
            });
        }), 1, 1, TimeUnit.SECONDS);
        executor.scheduleWithFixedDelay(() -> step("snapshot", () -> {
            int written = history.runOnce();
            if (written > 0) {
                LOG.info("{} state snapshot(s) written, newest at seq {}", written, history.newestSnapshotSeq());
            }
        }), 5, 5, TimeUnit.SECONDS);
        executor.scheduleWithFixedDelay(() -> step("line bundles", () -> {
            int written = store.writeLineBundles();
            if (written > 0) {
                LOG.info("{} line bundle(s) written; {}", written, store.lineBundles());
            }
        }), 3, 5, TimeUnit.SECONDS);
        return new Background(executor);
    }

    /** The last failure of each step, so that a step failing every tick (a full disk) logs once, and its recovery once. */
    private static final Map<String, String> FAILING = new ConcurrentHashMap<>();

    private static void step(String name, Runnable work) {
        try {
            work.run();
            if (FAILING.remove(name) != null) {
                LOG.info("{} step works again", name);
            }
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(FAILING.put(name, message))) {
                LOG.error("{} step failed, retrying at every tick (said once until it works or fails otherwise): {}", name, message);
            } else {
                LOG.debug("{} step failed again: {}", name, message);
            }
        }
    }

    void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
