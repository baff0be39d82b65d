package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.Event;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group-commit writer on a real SQLite file: order, conflicts, fencing, close and reopen. */
class GroupCommitIT {
    private static final int THREADS = 64;
    private static final int PER_THREAD = 200;

    @TempDir
    Path dir;

    @Test
    void sixty_four_threads_get_gap_free_seqs_and_every_future_names_its_stored_event() throws Exception {
        List<List<Event>> byThread = new ArrayList<>();
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("events.db")))) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Event>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Event>> futures = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        futures.add(store.appendAsync(AppendRequest.of(event("{\"t\":" + thread + ",\"i\":" + i + "}"))));
                    }
                    List<Event> done = new ArrayList<>();
                    for (CompletableFuture<Event> f : futures) {
                        done.add(f.get(120, TimeUnit.SECONDS));
                    }
                    return done;
                }));
            }
            start.countDown();
            for (Future<List<Event>> r : results) {
                byThread.add(r.get(180, TimeUnit.SECONDS));
            }
            pool.shutdown();

            Map<Long, Event> stored = new HashMap<>();
            long after = 0;
            List<Event> page;
            while (!(page = store.events(EventQuery.after(after, EventQuery.MAX_LIMIT))).isEmpty()) {
                page.forEach(e -> stored.put(e.seq(), e));
                after = page.get(page.size() - 1).seq();
            }
            long total = (long) THREADS * PER_THREAD;
            assertThat(byThread.stream().flatMap(List::stream).map(Event::seq).sorted())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(stored.keySet()).hasSize((int) total);
            for (int t = 0; t < THREADS; t++) {
                List<Event> mine = byThread.get(t);
                for (int i = 0; i < mine.size(); i++) {
                    Event e = mine.get(i);
                    assertThat(stored.get(e.seq())).as("stored event at seq %d", e.seq()).isEqualTo(e);
                    assertThat(e.payload().text()).isEqualTo("{\"i\":" + i + ",\"t\":" + t + "}");
                    if (i > 0) {
                        assertThat(e.seq()).as("one thread's appends keep their order").isGreaterThan(mine.get(i - 1).seq());
                    }
                }
            }
            assertThat(store.head().seq()).isEqualTo(total);
            VerifyResult v = store.verify(1, 0);
            assertThat(v.ok()).as(v.toString()).isTrue();
            assertThat(v.checked()).isEqualTo(total);
            assertThat(v.head()).isEqualTo(stored.get(total).hash());
        }
    }

    @Test
    void a_stale_expected_seq_or_prev_is_refused_and_writes_nothing() {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("events.db")))) {
            store.append(AppendRequest.of(event("{}")));
            Event second = store.append(AppendRequest.of(event("{}")));
            Head head = store.head();

            assertThatThrownBy(() -> store.append(new AppendRequest(event("{}"), 0, 1L, null)))
                    .isInstanceOfSatisfying(HeadMismatchException.class, e -> assertThat(e.actual()).isEqualTo(head))
                    .hasMessageContaining("expected head seq 1 but the head is 2");
            assertThatThrownBy(() -> store.append(new AppendRequest(event("{}"), 0, null, Sha256.ZERO_HEX)))
                    .isInstanceOf(HeadMismatchException.class)
                    .hasMessageContaining("expected head hash " + Sha256.ZERO_HEX);
            assertThatThrownBy(() -> store.append(new AppendRequest(event("{}"), 0, 2L, Sha256.ZERO_HEX)))
                    .as("right seq, wrong hash")
                    .isInstanceOf(HeadMismatchException.class);

            assertThat(store.head()).isEqualTo(head);
            assertThat(store.event(3)).isEmpty();
            Event third = store.append(new AppendRequest(event("{}"), 0, 2L, second.hash()));
            assertThat(third.seq()).isEqualTo(3);
            assertThat(third.prev()).isEqualTo(second.hash());
        }
    }

    @Test
    void an_epoch_below_the_heads_is_fenced_and_writes_nothing() {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("events.db")))) {
            store.append(AppendRequest.of(event("{}"), 3));
            Head head = store.head();

            assertThatThrownBy(() -> store.append(AppendRequest.of(event("{}"), 2)))
                    .isInstanceOf(FencedException.class)
                    .hasMessageContaining("epoch 2 is lower than the head's epoch 3");

            assertThat(store.head()).isEqualTo(head);
            assertThat(store.event(2)).isEmpty();
            assertThat(store.append(AppendRequest.of(event("{}"), 3)).seq()).as("the same epoch may write").isEqualTo(2);
            assertThat(store.append(AppendRequest.of(event("{}"), 4)).epoch()).isEqualTo(4);
        }
    }

    @Test
    void append_after_close_fails_with_a_clear_store_exception() {
        EventStore store = EventStore.open(StoreOptions.of(dir.resolve("events.db")));
        store.append(AppendRequest.of(event("{}")));
        store.close();

        assertThatThrownBy(() -> store.append(AppendRequest.of(event("{}"))))
                .isExactlyInstanceOf(StoreClosedException.class)
                .hasMessageContaining("the store is closing");
        assertThat(store.appendAsync(AppendRequest.of(event("{}")))).isCompletedExceptionally();
        try (EventStore reopened = EventStore.open(StoreOptions.existing(dir.resolve("events.db")))) {
            assertThat(reopened.head().seq()).isEqualTo(1);
        }
    }

    @Test
    void a_reopened_store_continues_the_chain_from_its_head() {
        Path db = dir.resolve("events.db");
        Head before;
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            for (int i = 0; i < 5; i++) {
                store.append(AppendRequest.of(event("{\"i\":" + i + "}"), 2));
            }
            before = store.head();
        }

        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            assertThat(store.head()).isEqualTo(before);
            assertThatThrownBy(() -> store.append(AppendRequest.of(event("{}"), 1))).as("the epoch survives a restart")
                    .isInstanceOf(FencedException.class);
            Event next = store.append(AppendRequest.of(event("{\"after\":\"reopen\"}"), 2));
            assertThat(next.seq()).isEqualTo(before.seq() + 1);
            assertThat(next.prev()).isEqualTo(before.hash());
            VerifyResult v = store.verify(1, 0);
            assertThat(v.ok()).as(v.toString()).isTrue();
            assertThat(v.checked()).isEqualTo(6);
        }
    }

    private static NewEvent event(String payload) {
        return NewEvent.of("AgentObserved", "agent/default/alpha", payload, null, JsonLimits.DEFAULT);
    }
}
