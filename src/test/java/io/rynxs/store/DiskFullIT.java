package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.SmallTmpfs;
import io.rynxs.event.Event;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.state.SnapshotPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The log on a disk that fills up: a small tmpfs mounted by the test (it needs root and {@code mount}; without
 * them it is skipped, saying why). Eight writers append until the disk refuses; then every acknowledged event
 * is in the table with its acknowledged hash, the store's head, Merkle tree and fault say exactly what the
 * table holds, appends fail with a retryable error naming the disk, and once space returns (the tmpfs is
 * grown) appends go through again on the same open store.
 */
class DiskFullIT {
    private static final int WRITERS = 8;
    private static final String PAD = "x".repeat(3000);


    @Test
    void a_full_disk_loses_no_acknowledged_event_keeps_the_head_true_and_recovers_when_space_returns() throws Exception {
        try (SmallTmpfs disk = SmallTmpfs.mount(4)) {
            Path mount = disk.dir();
            Path db = mount.resolve("events.db");
            Map<Long, String> acked = new ConcurrentHashMap<>();
            List<Throwable> refusals = new ArrayList<>();
            try (EventStore store = EventStore.open(StoreOptions.of(db).withLineBundleSize(0))) {
                AtomicBoolean full = new AtomicBoolean();
                ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; !full.get() && i < 5_000; i++) {
                            try {
                                Event e = store.append(request("w" + writer + "-" + i));
                                acked.put(e.seq(), e.hash());
                            } catch (StoreException e) {
                                synchronized (refusals) {
                                    refusals.add(e);
                                }
                                full.set(true);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : writers) {
                    f.get(120, TimeUnit.SECONDS);
                }
                pool.shutdown();
                assertThat(full).as("the 4 MB disk filled up").isTrue();
                assertThat(refusals).allSatisfy(e -> assertThat(e).isInstanceOf(LogUnavailableException.class)
                        .hasMessageContaining("disk").hasMessageContaining(db.getParent().toString()));

                // The store says what the table holds, nothing more.
                long table = tableHead(store);
                assertThat(store.head().seq()).isEqualTo(table);
                assertThat(acked.keySet()).allSatisfy(seq -> assertThat(seq).isLessThanOrEqualTo(table));
                acked.forEach((seq, hash) -> assertThat(store.event(seq).orElseThrow().hash()).isEqualTo(hash));
                assertThat(store.root(table)).isEqualTo(store.compactRange(table).root());

                // Still full (a smaller batch may have squeezed in meanwhile, so append until refused): the same cause, the head true.
                Throwable refused = null;
                for (int i = 0; i < 1_000 && refused == null; i++) {
                    refused = Assertions.catchThrowable(() -> store.append(request("still full")));
                }
                assertThat(refused).isInstanceOf(LogUnavailableException.class).hasMessageContaining("disk");
                assertThat(store.fault()).hasValueSatisfying(f -> assertThat(f).contains("is full"));
                long stillFull = tableHead(store);
                assertThat(store.head().seq()).isEqualTo(stillFull);

                // Space returns: the same store appends again, and the fault clears.
                disk.grow(64);
                Event after = store.append(request("after space returned"));
                assertThat(after.seq()).isEqualTo(stillFull + 1);
                assertThat(store.fault()).isEmpty();
                assertThat(store.verify(1, 0).ok()).isTrue();
                assertThat(new LogAudit(store, new StateHistory(store, SnapshotPolicy.DEFAULT), null).run(0).ok()).isTrue();
            }
            try (EventStore reopened = EventStore.open(StoreOptions.existing(db))) {
                acked.forEach((seq, hash) -> assertThat(reopened.event(seq).orElseThrow().hash()).isEqualTo(hash));
            }
        }
    }

    private static long tableHead(EventStore store) {
        return store.read(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM events").mapTo(Long.class).one());
    }

    private static AppendRequest request(String id) {
        return AppendRequest.of(NewEvent.of("audit.ToolInvoked", "session/" + id, "{\"pad\":\"" + PAD + "\"}", "{}", JsonLimits.DEFAULT));
    }
}
