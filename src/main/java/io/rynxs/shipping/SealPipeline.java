package io.rynxs.shipping;

import io.rynxs.event.Sha256;
import io.rynxs.segment.Gzip;
import io.rynxs.segment.SegmentLayout.SeqRange;
import io.rynxs.segment.SegmentWriter;
import io.rynxs.state.StateBuilder;
import io.rynxs.state.StateException;
import io.rynxs.store.CheckedSnapshot;
import io.rynxs.store.EventRow;
import io.rynxs.store.EventStore;
import io.rynxs.store.SnapshotSeqs;
import io.rynxs.store.StoreException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Builds the segments of one shipping run, in order, on worker threads while the caller records and
 * uploads the previous ones: a folding thread reads each range and gets the state at its end — the hash of
 * a stored snapshot at exactly that seq whose bytes and head check out (not parsed unless the next range
 * must be folded on from it), else by applying the range to one working state carried across the run
 * (never a replay per checkpoint) — and two encoding threads check every event's hash and link
 * and gzip the lines ({@link Gzip}), two ranges at once. Nothing here writes anywhere; a segment exists only once the caller records it, so an
 * abandoned pipeline leaves nothing behind.
 */
final class SealPipeline implements AutoCloseable {
    /** Segments built ahead of the one the caller is recording; each holds its rows until encoded. */
    private static final int AHEAD = 3;
    /** Segments gzipped at once: gzip is most of a seal's CPU, and segments are independent once their links are known. */
    private static final int ENCODERS = 2;

    private final EventStore store;
    private final Gzip gzip;
    private final SnapshotSeqs snapshots;
    private final List<SeqRange> plan;
    private final ExecutorService folder = worker("rynxs-seal-fold");
    private final ExecutorService encoder = workers("rynxs-seal-gzip", ENCODERS);
    private final ArrayDeque<CompletableFuture<SealedRange>> inFlight = new ArrayDeque<>();
    private int submitted;
    private volatile boolean cancelled;
    // Folding thread only: the state after the last folded range, and its working copy once a fold needs one.
    private SealedState base;
    private StateBuilder working;
    // Folding thread only: the stored hash of the last event read, which the next range's first event must name as its prev.
    private String lastReadHash;

    /** {@code start} is the state after {@code plan.get(0).first() - 1}; the ranges follow each other without gaps. */
    SealPipeline(EventStore store, SealedState start, List<SeqRange> plan, Gzip gzip) {
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
        this.gzip = gzip;
        this.snapshots = new SnapshotSeqs(store);
        this.plan = List.copyOf(plan);
        this.base = start;
        this.lastReadHash = start.head().hash();
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
            // One folding thread and a FIFO queue: the fold sees the ranges in order; the caller takes them in order.
            inFlight.add(CompletableFuture.supplyAsync(() -> fold(range), folder).thenApplyAsync(this::encode, encoder));
        }
    }

    /** A range read and folded; {@code prev} is the stored hash of the event before it. */
    private record Folded(SeqRange range, List<EventRow> events, String prev, SealedState state) {}

    private Folded fold(SeqRange range) {
        List<EventRow> events = store.rows(range.first(), range.last());
        if (events.size() != range.count()) {
            throw new StoreException("seal segment " + range.first() + ".." + range.last() + ": read " + events.size()
                    + " events (the log has a gap; run rynxs verify)");
        }
        String prev = lastReadHash;
        lastReadHash = events.get(events.size() - 1).hash();
        Optional<CheckedSnapshot> snapshot = snapshots.checkedAt(range.last());
        if (snapshot.isPresent()) {
            // Its bytes hash to its state hash and its head is this log's event at range.last() (checked in the
            // query); the checkpoint holds that head to the chain again, and the encoder checks every link.
            base = SealedState.of(snapshot.get());
            working = null;
            return new Folded(range, events, prev, base);
        }
        if (working == null) {
            working = base.builder();
        }
        try {
            for (EventRow e : events) {
                if (cancelled) {
                    throw new CancellationException("seal: cancelled");
                }
                working.apply(e.toEvent());
            }
        } catch (StateException e) {
            throw new StoreException("seal segment " + range.first() + ".." + range.last() + ": " + e.getMessage(), e);
        }
        base = SealedState.of(working.build(store.helper()));
        return new Folded(range, events, prev, base);
    }

    /**
     * Checks and gzips one range. Ranges are encoded concurrently: each checks its first event against the
     * stored hash of the one before (read in order by the folding thread), and the encoder of that range
     * checks that its row hashes to that stored hash, so together they check every link of the run.
     */
    private SealedRange encode(Folded f) {
        return encode(f.range(), f.events(), f.prev(), gzip, f.state(), () -> cancelled);
    }

    /**
     * The segment object of {@code events} (the rows of {@code range}, the first linking to {@code expectedPrev}), each row
     * checked against its stored hash and link as its line is written. Also how a shipped segment's bytes are rebuilt for
     * another sink ({@link SegmentRebuild}); {@code state} is carried through untouched and may be null there.
     */
    static SealedRange encode(SeqRange range, List<EventRow> events, String expectedPrev, Gzip gzip, SealedState state,
                              BooleanSupplier cancelled) {
        SegmentWriter writer = new SegmentWriter(events.size() * 160, gzip);
        LineBlock lines = new LineBlock();
        long epoch = 0;
        String[] hashes = new String[events.size()];
        int n = 0;
        for (EventRow e : events) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("seal: cancelled");
            }
            // A row changed behind the store's back must not reach a write-once bucket, where it could never be replaced.
            boolean linked = e.prev().equals(expectedPrev);
            if (!linked || !lines.append(e)) {
                throw new StoreException("seal segment " + range.first() + ".." + range.last() + ": event " + e.seq()
                        + (linked ? " does not hash to its stored hash" : " does not link to event " + (e.seq() - 1))
                        + " (the row was modified after it was written; run rynxs verify; nothing from this segment on was shipped)");
            }
            lines.drainTo(writer, false);
            hashes[n++] = e.hash();
            expectedPrev = e.hash();
            epoch = Math.max(epoch, e.epoch());
        }
        lines.drainTo(writer, true);
        byte[] object = writer.finish();
        EventRow first = events.get(0);
        EventRow last = events.get(events.size() - 1);
        return new SealedRange(first.seq(), last.seq(), first.prev(), last.hash(), epoch, object, Sha256.hex(object),
                writer.ndjsonBytes(), state, Arrays.asList(hashes));
    }

    private static ExecutorService worker(String name) {
        return workers(name, 1);
    }

    private static ExecutorService workers(String name, int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stops building: work in flight is abandoned (nothing of it was recorded). Waits for the workers, so
     * none of them still reads the store when the step returns (and the store may be closed).
     */
    @Override
    public void close() {
        cancelled = true;
        folder.shutdownNow();
        encoder.shutdownNow();
        try {
            if (!folder.awaitTermination(30, TimeUnit.SECONDS) || !encoder.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new StoreException("seal: a worker did not stop within 30 s (report a bug)");
            }
            gzip.trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
