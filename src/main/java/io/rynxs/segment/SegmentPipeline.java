package io.rynxs.segment;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Fetches segments ahead of the one being checked, on a few daemon threads, and hands them over strictly in
 * key order: a bounded window (threads + 1 segments in memory) so a long bucket does not fill the heap.
 * Closing it cancels what is still in flight. A fetch's own exception (an I/O error of the store) is
 * rethrown, as it is, to the thread that takes that segment.
 */
final class SegmentPipeline implements AutoCloseable {
    private final List<String> keys;
    private final Function<String, FetchedSegment> fetch;
    private final ExecutorService pool;
    private final int window;
    private final ArrayDeque<Future<FetchedSegment>> inFlight = new ArrayDeque<>();
    private int submitted;
    private int taken;

    SegmentPipeline(List<String> keys, Function<String, FetchedSegment> fetch, int threads) {
        this.keys = keys;
        this.fetch = fetch;
        this.window = threads + 1;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "segment-reader");
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    /** The next segment; {@code key} must be the next key of the list (the caller walks it in order). */
    FetchedSegment take(String key) {
        if (taken >= keys.size() || !keys.get(taken).equals(key)) {
            throw new IllegalStateException("segment pipeline: " + key + " taken out of order (expected "
                    + (taken < keys.size() ? keys.get(taken) : "none") + ")");
        }
        Future<FetchedSegment> next = inFlight.removeFirst();
        taken++;
        fill();
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verify segments: interrupted while reading " + key, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("verify segments: reading " + key + " failed: " + e.getCause(), e.getCause());
        }
    }

    private void fill() {
        while (submitted < keys.size() && inFlight.size() < window) {
            String key = keys.get(submitted++);
            inFlight.addLast(pool.submit(() -> fetch.apply(key)));
        }
    }

    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        pool.shutdownNow();
    }
}
