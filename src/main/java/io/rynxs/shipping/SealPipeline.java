package io.rynxs.shipping;

import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import io.rynxs.segment.SegmentFile;
import io.rynxs.segment.SegmentLayout.SeqRange;
import io.rynxs.state.State;
import io.rynxs.state.StateBuilder;
import io.rynxs.state.StateException;
import io.rynxs.store.EventStore;
import io.rynxs.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds the segments of one shipping run, in order, on two worker threads while the caller records and
 * uploads the previous ones: a folding thread reads each range and applies it to one working state
 * (one replay per run, not one per checkpoint), an encoding thread checks every event's hash and gzips
 * the lines. Nothing here writes anywhere; a segment exists only once the caller records it, so an
 * abandoned pipeline leaves nothing behind.
 */
final class SealPipeline implements AutoCloseable {
    /** Segments built ahead of the one the caller is recording; each holds its events until encoded. */
    private static final int AHEAD = 2;

    private final EventStore store;
    private final List<SeqRange> plan;
    private final StateBuilder state;
    private final ExecutorService folder = worker("rynxs-seal-fold");
    private final ExecutorService encoder = worker("rynxs-seal-gzip");
    private final ArrayDeque<CompletableFuture<SealedRange>> inFlight = new ArrayDeque<>();
    private int submitted;
    private volatile boolean cancelled;

    /** {@code start} is the state after {@code plan.get(0).first() - 1}; the ranges follow each other without gaps. */
    SealPipeline(EventStore store, State start, List<SeqRange> plan) {
        if (plan.isEmpty() || start.seq() != plan.get(0).first() - 1) {
            throw new IllegalArgumentException("seal pipeline: the state is at seq " + start.seq() + " but the first range starts at "
                    + (plan.isEmpty() ? "nothing" : plan.get(0).first()) + " (report a bug)");
        }
        for (int i = 1; i < plan.size(); i++) {
            if (plan.get(i).first() != plan.get(i - 1).last() + 1) {
                throw new IllegalArgumentException("seal pipeline: range " + plan.get(i) + " does not follow " + plan.get(i - 1));
            }
        }
        this.store = store;
        this.plan = List.copyOf(plan);
        this.state = StateBuilder.from(start);
    }

    boolean hasNext() {
        return submitted < plan.size() || !inFlight.isEmpty();
    }

    /** The next segment in seq order; a failure in building it is thrown here, as a {@link StoreException} if it came from the log. */
    SealedRange next() {
        fill();
        CompletableFuture<SealedRange> head = inFlight.poll();
        fill();
        try {
            return head.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new StoreException("seal: " + e.getCause(), e.getCause());
        }
    }

    private void fill() {
        while (submitted < plan.size() && inFlight.size() < AHEAD) {
            SeqRange range = plan.get(submitted++);
            // One thread per stage and FIFO queues: the fold sees the ranges in order, and so does the caller.
            inFlight.add(CompletableFuture.supplyAsync(() -> fold(range), folder).thenApplyAsync(this::encode, encoder));
        }
    }

    private record Folded(SeqRange range, List<Event> events, State state) {}

    private Folded fold(SeqRange range) {
        List<Event> events = store.range(range.first(), range.last());
        if (events.size() != range.count()) {
            throw new StoreException("seal segment " + range.first() + ".." + range.last() + ": read " + events.size()
                    + " events (the log has a gap; run rynxs verify)");
        }
        try {
            for (Event e : events) {
                if (cancelled) {
                    throw new CancellationException("seal: cancelled");
                }
                state.apply(e);
            }
        } catch (StateException e) {
            throw new StoreException("seal segment " + range.first() + ".." + range.last() + ": " + e.getMessage(), e);
        }
        return new Folded(range, events, state.build());
    }

    private SealedRange encode(Folded f) {
        List<Event> events = f.events();
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream(events.size() * 720);
        long epoch = 0;
        for (Event e : events) {
            if (cancelled) {
                throw new CancellationException("seal: cancelled");
            }
            // A row changed behind the store's back must not reach a write-once bucket, where it could never be replaced.
            if (!e.computeHash().equals(e.hash())) {
                throw new StoreException("seal segment " + f.range().first() + ".." + f.range().last() + ": event " + e.seq()
                        + " does not hash to its stored hash (the row was modified after it was written; run rynxs verify,"
                        + " nothing was shipped from this segment on)");
            }
            ndjson.writeBytes(e.lineBytes());
            ndjson.write('\n');
            epoch = Math.max(epoch, e.epoch());
        }
        byte[] object = SegmentFile.gzip(ndjson.toByteArray(), SegmentFile.LEVEL);
        Event first = events.get(0);
        Event last = events.get(events.size() - 1);
        return new SealedRange(first.seq(), last.seq(), first.prev(), last.hash(), epoch, object, Sha256.hex(object), ndjson.size(),
                f.state());
    }

    private static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops building: work in flight is abandoned (nothing of it was recorded). */
    @Override
    public void close() {
        cancelled = true;
        folder.shutdownNow();
        encoder.shutdownNow();
    }
}
