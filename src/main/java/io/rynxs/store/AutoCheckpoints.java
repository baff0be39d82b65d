package io.rynxs.store;

import io.rynxs.checkpoint.Signer;
import io.rynxs.event.EventTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The automatic-checkpoint step (docs/DESIGN.md, Checkpoints): sign the head when the log grew by {@code everyEvents}
 * since the last checkpoint, or grew at all and {@code every} has passed, whichever comes first. A
 * scheduler calls {@link #runOnce}; tests call it directly with their own clock.
 */
public final class AutoCheckpoints {
    private final Checkpoints checkpoints;
    private final EventStore store;
    private final Signer signer;
    private final long everyEvents;
    private final Duration every;
    private final Clock clock;
    private Instant last;

    public AutoCheckpoints(Checkpoints checkpoints, EventStore store, Signer signer, long everyEvents, Duration every, Clock clock) {
        if (everyEvents < 1) {
            throw new IllegalArgumentException("checkpoint every " + everyEvents + " events: must be 1 or more");
        }
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("checkpoint interval " + every + ": must be positive");
        }
        this.checkpoints = checkpoints;
        this.store = store;
        this.signer = signer;
        this.everyEvents = everyEvents;
        this.every = every;
        this.clock = clock;
        this.last = checkpoints.latest().map(c -> EventTime.parse(c.createdAt())).orElse(Instant.EPOCH);
    }

    /** Signs the head if anything was appended since the last checkpoint, due or not (at shutdown). */
    public synchronized Optional<StoredCheckpoint> finalCheckpoint() {
        long head = store.head().seq();
        long signed = checkpoints.latest().map(StoredCheckpoint::treeSize).orElse(0L);
        return head > signed ? Optional.of(checkpoints.create(signer)) : Optional.empty();
    }

    /** Creates a checkpoint if one is due; empty otherwise. */
    public synchronized Optional<StoredCheckpoint> runOnce() {
        long head = store.head().seq();
        long signed = checkpoints.latest().map(StoredCheckpoint::treeSize).orElse(0L);
        if (head <= signed) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (head - signed < everyEvents && Duration.between(last, now).compareTo(every) < 0) {
            return Optional.empty();
        }
        StoredCheckpoint c = checkpoints.create(signer);
        last = now;
        return Optional.of(c);
    }
}
