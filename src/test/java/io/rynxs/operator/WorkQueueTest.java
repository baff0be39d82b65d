package io.rynxs.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    private final WorkQueue<String> queue = new WorkQueue<>("test", new Backoff(Duration.ofMillis(1), Duration.ofMillis(4)));

    @Test
    void keys_come_out_in_the_order_first_added_and_repeats_coalesce() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        queue.add("c");
        assertThat(queue.size()).isEqualTo(3);
        assertThat(List.of(queue.take().orElseThrow(), queue.take().orElseThrow(), queue.take().orElseThrow())).containsExactly("a", "b", "c");
    }

    @Test
    void a_key_added_while_in_flight_is_handed_out_again_only_after_done() throws Exception {
        queue.add("a");
        String a = queue.take().orElseThrow();
        queue.add("a");
        queue.add("a");
        assertThat(queue.size()).as("never twice at once").isZero();
        queue.done(a);
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.take()).contains("a");
    }

    @Test
    void backoff_doubles_up_to_its_cap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
        assertThat(List.of(b.delay(1), b.delay(2), b.delay(3), b.delay(9), b.delay(10), b.delay(1000)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(256),
                        Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    @Test
    void failures_are_counted_until_forgotten_and_a_rate_limited_key_comes_back() throws Exception {
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofMillis(1));
        assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofMillis(2));
        assertThat(queue.failures("a")).isEqualTo(2);
        assertThat(queue.take()).contains("a"); // blocks until the timer queues it
        queue.forget("a");
        assertThat(queue.failures("a")).isZero();
    }

    @Test
    void shutdown_wakes_waiting_workers_and_refuses_new_keys() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        List<Optional<String>> got = new ArrayList<>();
        Thread worker = new Thread(() -> {
            try {
                waiting.countDown();
                got.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        waiting.await();
        queue.shutDown();
        worker.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(got).containsExactly(Optional.empty());
        queue.add("late");
        assertThat(queue.size()).isZero();
    }

    @Test
    void the_controller_retries_a_failing_key_and_stops_cleanly() {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch succeeded = new CountDownLatch(1);
        Controller c = new Controller("test", queue, key -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            succeeded.countDown();
            return Reconciler.Outcome.DONE;
        }).start(2);
        queue.add("k");
        try {
            assertThat(succeeded.await(1, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(calls.get()).isEqualTo(3);
        assertThat(c.stop(Duration.ofMinutes(1))).isTrue();
        assertThat(queue.isShutDown()).isTrue();
    }
}
