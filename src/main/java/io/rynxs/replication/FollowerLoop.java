package io.rynxs.replication;

import io.rynxs.shipping.FollowResult;
import io.rynxs.shipping.Follower;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Follower#runOnce} every poll interval while the replica follows, the first poll at once. A failing
 * poll is logged once per distinct error and tried again at the next; the last result and the last error are kept
 * for {@code /readyz}. {@link #step} is the scheduled work, callable directly by tests.
 */
public final class FollowerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FollowerLoop.class);

    private final Follower follower;
    private final Duration pollInterval;
    private final Duration firstPoll;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> polling;
    private volatile FollowResult last;
    private volatile String lastError;

    public FollowerLoop(Follower follower, Duration pollInterval) {
        this(follower, pollInterval, Duration.ZERO);
    }

    /** {@code firstPoll} later than at once lets a test call {@link #step} itself without a poll of the loop's in between. */
    FollowerLoop(Follower follower, Duration pollInterval, Duration firstPoll) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("follower loop: poll interval " + pollInterval + " must be positive");
        }
        this.follower = Objects.requireNonNull(follower, "follower");
        this.pollInterval = pollInterval;
        this.firstPoll = firstPoll;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rynxs-follower");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts polling; does nothing while it polls already or after {@link #close}. */
    public synchronized void start() {
        if (polling == null && !executor.isShutdown()) {
            polling = executor.scheduleWithFixedDelay(this::step, firstPoll.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops polling; a poll already running finishes on its own. */
    public synchronized void stop() {
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
    }

    public synchronized boolean isRunning() {
        return polling != null;
    }

    /** One poll: what it applied, or empty when it failed (the error is kept for {@link #lastError}). */
    public Optional<FollowResult> step() {
        try {
            FollowResult r = follower.runOnce();
            last = r;
            lastError = null;
            if (r.segments() > 0) {
                LOG.debug("follower: applied {} segments ({} events), head seq {}", r.segments(), r.events(), r.head());
            }
            return Optional.of(r);
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastError)) {
                LOG.warn("follower: {} (retrying every {})", message, pollInterval);
            }
            lastError = message;
            return Optional.empty();
        }
    }

    /** Stops polling, then applies the bucket until a pass applies nothing ({@link Follower#catchUp}); throws if it does not verify. */
    public FollowResult catchUp() {
        stop();
        FollowResult r = follower.catchUp();
        last = r;
        return r;
    }

    /** The next quarantine, if any, is recorded as a fencing conflict with this reason. */
    public void nextQuarantineIsConflict(String why) {
        follower.nextQuarantineIsConflict(why);
    }

    /** The newest result of a poll or a catch-up, if there was one. */
    public Optional<FollowResult> last() {
        return Optional.ofNullable(last);
    }

    /** Why the newest poll failed, or null when it succeeded (or none ran). */
    public String lastError() {
        return lastError;
    }

    /** Stops polling for good, interrupting a poll in progress. */
    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }
}
