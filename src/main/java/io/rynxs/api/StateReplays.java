package io.rynxs.api;

import io.rynxs.event.CanonicalJson;
import io.rynxs.state.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongFunction;

/**
 * The replays behind {@code GET /state}. A replay is CPU-bound (tens of milliseconds, up to the snapshot
 * interval of events): run side by side on two cores, four of them each took four times as long and the
 * slowest far longer. So at most {@code parallelism} run at once, the others wait in arrival order; a
 * request for a seq whose replay is queued or running shares that replay; the last few results are kept,
 * since a state at a seq never changes. Waiting requests hold no HTTP thread (the handler answers from
 * the future). More than {@code maxWaiting} queued replays is refused with 503 instead of queueing work
 * nobody will wait for.
 */
final class StateReplays implements AutoCloseable {
    /** What one seq's state is: the seq, the state hash and its canonical JSON text. */
    record Result(long seq, String hash, CanonicalJson json) {
        static Result of(State s) {
            return new Result(s.seq(), s.hash(), s.toJson());
        }
    }

    private final LongFunction<State> replay;
    private final int parallelism;
    private final int maxWaiting;
    private final int keep;
    private final HttpMetrics metrics;
    private final ExecutorService responders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rynxs-state-responder");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private final Map<Long, CompletableFuture<Result>> inFlight = new HashMap<>();
    private final Queue<Long> waiting = new ArrayDeque<>();
    private final LinkedHashMap<Long, Result> recent = new LinkedHashMap<>(16, 0.75f, true);
    private int running;
    private long replayed;
    private long shared;
    private long kept;
    private boolean closed;

    StateReplays(LongFunction<State> replay, int parallelism, int maxWaiting, int keep) {
        this(replay, parallelism, maxWaiting, keep, HttpMetrics.NONE);
    }

    StateReplays(LongFunction<State> replay, int parallelism, int maxWaiting, int keep, HttpMetrics metrics) {
        if (parallelism < 1 || maxWaiting < 0 || keep < 0) {
            throw new IllegalArgumentException("state replays: parallelism " + parallelism + " (allowed >= 1), maxWaiting "
                    + maxWaiting + " and keep " + keep + " (allowed >= 0)");
        }
        this.replay = replay;
        this.parallelism = parallelism;
        this.maxWaiting = maxWaiting;
        this.keep = keep;
        this.metrics = metrics;
    }

    /** The state after event {@code seq}; the caller has checked that {@code seq} is at most the head. */
    CompletableFuture<Result> at(long seq) {
        boolean start;
        CompletableFuture<Result> future;
        synchronized (lock) {
            if (closed) {
                throw new ApiProblem(503, "store-unavailable", "Store unavailable", "the server is shutting down (retry against another instance)",
                        Map.of("Retry-After", "1"));
            }
            Result r = recent.get(seq);
            if (r != null) {
                kept++;
                return CompletableFuture.completedFuture(r);
            }
            future = inFlight.get(seq);
            if (future != null) {
                shared++;
                return future;
            }
            start = running < parallelism;
            if (!start && waiting.size() >= maxWaiting) {
                throw new ApiProblem(503, "too-many-replays", "Too many state queries",
                        "atSeq " + seq + " needs a replay and " + waiting.size() + " replays are already waiting (at most " + maxWaiting
                                + " wait, " + parallelism + " run at once; retry in a moment)", Map.of("Retry-After", "1"));
            }
            future = new CompletableFuture<>();
            inFlight.put(seq, future);
            replayed++;
            if (start) {
                running++;
            } else {
                waiting.add(seq);
            }
        }
        if (start) {
            Thread worker = new Thread(() -> runFrom(seq), "rynxs-state-replay");
            worker.setDaemon(true);
            worker.start();
        }
        return future;
    }

    /**
     * Runs the replay for {@code first}, then queued ones in arrival order until none is left: a worker
     * thread lives as long as there is work for it, so at most {@code parallelism} exist.
     */
    private void runFrom(long first) {
        long seq = first;
        while (true) {
            CompletableFuture<Result> future;
            synchronized (lock) {
                future = inFlight.get(seq);
            }
            Result result = null;
            Throwable failure = null;
            long t0 = System.nanoTime();
            try {
                result = Result.of(replay.apply(seq));
                metrics.replayed((System.nanoTime() - t0) / 1e9);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            Long next;
            synchronized (lock) {
                inFlight.remove(seq);
                if (result != null && keep > 0) {
                    recent.put(seq, result);
                    if (recent.size() > keep) {
                        recent.remove(recent.keySet().iterator().next());
                    }
                }
                next = closed ? null : waiting.poll();
                if (next == null) {
                    running--;
                }
            }
            // Completing runs the HTTP answer (a body of megabytes to a client that may read slowly) in the
            // completing thread: on a responder thread, so that the next replay does not wait for it.
            Result done = result;
            Throwable failed = failure;
            answer(() -> {
                if (failed != null) {
                    future.completeExceptionally(failed);
                } else {
                    future.complete(done);
                }
            });
            if (next == null) {
                return;
            }
            seq = next;
        }
    }

    private void answer(Runnable completion) {
        try {
            responders.execute(completion);
        } catch (RejectedExecutionException closed) {
            completion.run(); // after close: the last running replays answer on their own thread
        }
    }

    StateQueryCounts counts() {
        synchronized (lock) {
            return new StateQueryCounts(replayed, shared, kept);
        }
    }

    /** Refuses new requests and fails the queued ones; running replays finish. */
    @Override
    public void close() {
        List<CompletableFuture<Result>> dropped = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (Long seq; (seq = waiting.poll()) != null; ) {
                dropped.add(inFlight.remove(seq));
            }
        }
        ApiProblem stopping = new ApiProblem(503, "store-unavailable", "Store unavailable",
                "the server is shutting down (retry against another instance)", Map.of("Retry-After", "1"));
        dropped.forEach(f -> f.completeExceptionally(stopping));
        responders.shutdown();
    }
}
