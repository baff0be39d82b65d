package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.state.State;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue in front of /state replays: bounded, in arrival order, shared per seq, recent results kept. */
class StateReplaysTest {
    /** A replay that records which seqs ran, how many at once, and holds each until its gate opens. */
    private static final class Replayer implements LongFunction<State> {
        final List<Long> ran = new CopyOnWriteArrayList<>();
        final Map<Long, CountDownLatch> gates = new ConcurrentHashMap<>();
        final CountDownLatch started;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        Replayer(int expectedStarts) {
            started = new CountDownLatch(expectedStarts);
        }

        CountDownLatch gate(long seq) {
            return gates.computeIfAbsent(seq, s -> new CountDownLatch(1));
        }

        @Override
        public State apply(long seq) {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            ran.add(seq);
            started.countDown();
            try {
                if (!gate(seq).await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate for seq " + seq + " never opened");
                }
                if (seq < 0) {
                    throw new IllegalStateException("replay failed at " + seq);
                }
                return State.genesis();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private StateReplays replays;

    @AfterEach
    void close() {
        if (replays != null) {
            replays.close();
        }
    }

    private static StateReplays.Result done(CompletableFuture<StateReplays.Result> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void requests_for_a_seq_whose_replay_is_running_share_that_replay() throws Exception {
        Replayer r = new Replayer(1);
        replays = new StateReplays(r, 2, 10, 0);
        CompletableFuture<StateReplays.Result> first = replays.at(5);
        CompletableFuture<StateReplays.Result> second = replays.at(5);
        assertThat(r.started.await(30, TimeUnit.SECONDS)).isTrue();
        r.gate(5).countDown();
        assertThat(done(second)).isSameAs(done(first));
        assertThat(r.ran).containsExactly(5L);
        assertThat(replays.counts()).isEqualTo(new StateQueryCounts(1, 1, 0));
    }

    @Test
    void at_most_parallelism_replays_run_at_once_and_the_others_wait() throws Exception {
        Replayer r = new Replayer(2);
        replays = new StateReplays(r, 2, 10, 0);
        List<CompletableFuture<StateReplays.Result>> futures = List.of(replays.at(1), replays.at(2), replays.at(3), replays.at(4), replays.at(5));
        assertThat(r.started.await(30, TimeUnit.SECONDS)).isTrue();
        // Both workers are held inside replays 1 and 2: nothing else may have started.
        assertThat(r.ran).containsExactlyInAnyOrder(1L, 2L);
        for (long seq = 1; seq <= 5; seq++) {
            r.gate(seq).countDown();
        }
        for (CompletableFuture<StateReplays.Result> f : futures) {
            done(f);
        }
        assertThat(r.mostAtOnce.get()).isEqualTo(2);
        // Two workers take 3, 4, 5 off the queue in that order but may enter the replay in either order;
        // the strict order is checked with one worker below.
        assertThat(r.ran.subList(2, 5)).containsExactlyInAnyOrder(3L, 4L, 5L);
    }

    @Test
    void one_at_a_time_runs_strictly_in_arrival_order() throws Exception {
        Replayer r = new Replayer(1);
        replays = new StateReplays(r, 1, 10, 0);
        List<CompletableFuture<StateReplays.Result>> futures = List.of(replays.at(30), replays.at(10), replays.at(20));
        r.gate(10).countDown();
        r.gate(20).countDown();
        r.gate(30).countDown();
        for (CompletableFuture<StateReplays.Result> f : futures) {
            done(f);
        }
        assertThat(r.ran).containsExactly(30L, 10L, 20L);
        assertThat(r.mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void a_slow_answer_does_not_hold_up_the_next_replay() throws Exception {
        Replayer r = new Replayer(2);
        replays = new StateReplays(r, 1, 10, 0);
        CountDownLatch answerStuck = new CountDownLatch(1);
        CompletableFuture<StateReplays.Result> first = replays.at(1);
        // Like a response body written to a client that does not read: the callback blocks.
        CompletableFuture<Void> answering = first.thenAccept(result -> {
            try {
                answerStuck.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<StateReplays.Result> second = replays.at(2);
        r.gate(1).countDown();
        r.gate(2).countDown();
        done(second);
        assertThat(answering).isNotDone();
        answerStuck.countDown();
        answering.get(30, TimeUnit.SECONDS);
        assertThat(r.ran).containsExactly(1L, 2L);
    }

    @Test
    void kept_states_answer_repeats_without_a_replay_and_the_least_recently_used_is_dropped() throws Exception {
        Replayer r = new Replayer(0);
        for (long seq = 1; seq <= 3; seq++) {
            r.gate(seq).countDown();
        }
        replays = new StateReplays(r, 1, 10, 2);
        done(replays.at(1));
        done(replays.at(2));
        done(replays.at(1)); // kept; 1 is now the most recently used
        done(replays.at(3)); // drops 2
        done(replays.at(1)); // still kept
        done(replays.at(2)); // replayed again
        assertThat(r.ran).containsExactly(1L, 2L, 3L, 2L);
        assertThat(replays.counts()).isEqualTo(new StateQueryCounts(4, 0, 2));
    }

    @Test
    void a_failed_replay_fails_its_requests_and_is_not_kept() throws Exception {
        Replayer r = new Replayer(0);
        r.gate(-1).countDown();
        replays = new StateReplays(r, 1, 10, 4);
        assertThatThrownBy(() -> done(replays.at(-1))).hasRootCauseMessage("replay failed at -1");
        assertThatThrownBy(() -> done(replays.at(-1))).hasRootCauseMessage("replay failed at -1");
        assertThat(r.ran).containsExactly(-1L, -1L);
    }

    @Test
    void beyond_the_waiting_limit_a_request_is_refused_with_503_and_retry_after() throws Exception {
        Replayer r = new Replayer(1);
        replays = new StateReplays(r, 1, 1, 0);
        CompletableFuture<StateReplays.Result> running = replays.at(1);
        CompletableFuture<StateReplays.Result> waiting = replays.at(2);
        assertThatThrownBy(() -> replays.at(3)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(503);
            assertThat(p.type()).isEqualTo("too-many-replays");
            assertThat(p.getMessage()).contains("atSeq 3", "1 replays are already waiting", "at most 1 wait");
        });
        // A seq already queued is no new work: it shares the queued replay instead of being refused.
        assertThat(replays.at(2)).isSameAs(waiting);
        r.gate(1).countDown();
        r.gate(2).countDown();
        done(running);
        done(waiting);
        assertThat(r.ran).containsExactly(1L, 2L);
    }

    @Test
    void closing_fails_the_waiting_requests_with_503_and_refuses_new_ones() throws Exception {
        Replayer r = new Replayer(1);
        replays = new StateReplays(r, 1, 10, 0);
        CompletableFuture<StateReplays.Result> running = replays.at(1);
        CompletableFuture<StateReplays.Result> waiting = replays.at(2);
        assertThat(r.started.await(30, TimeUnit.SECONDS)).isTrue();
        replays.close();
        assertThatThrownBy(() -> done(waiting)).hasCauseInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> replays.at(3)).isInstanceOf(ApiProblem.class).hasMessageContaining("shutting down");
        r.gate(1).countDown();
        done(running);
        assertThat(r.ran).containsExactly(1L);
    }

    @Test
    void nonsense_limits_are_refused_with_the_allowed_range() {
        assertThatThrownBy(() -> new StateReplays(new Replayer(0), 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism 0 (allowed >= 1)");
    }
}
