package io.rynxs.bench;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventStore;
import io.rynxs.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Appends N events from W concurrent writers through the store (each writer waits for its ack), then the
 * same rows through raw JDBC on a fresh file with the same schema and pragmas: batches of 100 per
 * transaction when W &gt; 1, one transaction per event when W = 1.
 */
@Command(name = "append", mixinStandardHelpOptions = true,
        description = "Append throughput and latency against a raw-JDBC baseline from the same run.",
        footer = {"", "Example:", "  rynxs bench append --db /tmp/bench.db --events 200000 --writers 64 --json"})
final class BenchAppendCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--events", defaultValue = "100000", description = "Events to append (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--writers", defaultValue = "64", description = "Concurrent writers (default ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--merkle-overhead", description = "Also append the same events without Merkle maintenance and report its cost.")
    boolean merkleOverhead;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        if (events < 1 || writers < 1 || writers > 1024) {
            throw new UsageException("--events must be 1 or more and --writers 1..1024");
        }
        if (Files.exists(db.db)) {
            throw new UsageException("bench append: " + db.db + " exists (give a new file; the benchmark creates it)");
        }
        List<NewEvent> input = BenchData.events(events);
        int batch = writers > 1 ? 100 : 1;
        Path baselineDb = db.db.resolveSibling(db.db.getFileName() + ".baseline");
        Path warmDb = db.db.resolveSibling(db.db.getFileName() + ".warmup");
        try {
            int warm = Math.min(events, 5_000);
            RawSqlite.insert(warmDb.resolveSibling(warmDb.getFileName() + "-raw"), input.subList(0, warm), batch, db.durability);
            appendThroughStore(StoreOptions.of(warmDb).withDurability(db.durability), input.subList(0, warm), new long[warm]);
            double baseline = RawSqlite.insert(baselineDb, input, batch, db.durability);
            long[] latencies = new long[events];
            long started = System.nanoTime();
            appendThroughStore(StoreOptions.of(db.db).withDurability(db.durability), input, latencies);
            double rate = events / ((System.nanoTime() - started) / 1e9);
            Map<String, Object> out = BenchReport.of(rate, baseline, "raw JDBC, one thread, pre-hashed rows, prepared statement, "
                    + (batch == 1 ? "one transaction per event" : "100 events per transaction") + ", synchronous=" + db.durability, latencies);
            if (merkleOverhead) {
                Path plain = db.db.resolveSibling(db.db.getFileName() + ".nomerkle");
                try {
                    long t0 = System.nanoTime();
                    appendThroughStore(StoreOptions.of(plain).withDurability(db.durability).withoutMerkle(), input, new long[events]);
                    double without = events / ((System.nanoTime() - t0) / 1e9);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("eventsPerSecondWithoutMerkle", Math.round(without));
                    m.put("cost", Math.round((1 - rate / without) * 1000) / 1000.0);
                    out.put("merkle", m);
                } finally {
                    RawSqlite.delete(plain);
                }
            }
            out.put("events", events);
            out.put("writers", writers);
            out.put("synchronous", db.durability.name());
            out.put("machine", BenchReport.machine());
            Output.print(spec, json, out, String.format("append: %,.0f events/s with %d writers; baseline %,.0f events/s; ratio %.3f; p50 %s ms, p99 %s ms",
                    rate, writers, baseline, rate / baseline, out.get("p50Ms"), out.get("p99Ms")));
        } finally {
            RawSqlite.delete(baselineDb);
            RawSqlite.delete(warmDb);
            RawSqlite.delete(warmDb.resolveSibling(warmDb.getFileName() + "-raw"));
        }
    }

    private void appendThroughStore(StoreOptions options, List<NewEvent> input, long[] latencies) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(writers);
        try (EventStore store = EventStore.open(options)) {
            for (int w = 0; w < writers; w++) {
                Thread t = new Thread(() -> {
                    try {
                        int i;
                        while ((i = next.getAndIncrement()) < input.size()) {
                            long t0 = System.nanoTime();
                            Event e = store.append(AppendRequest.of(input.get(i)));
                            latencies[i] = System.nanoTime() - t0;
                            if (e.seq() < 1) {
                                throw new IllegalStateException("append returned seq " + e.seq());
                            }
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                }, "bench-writer-" + w);
                t.start();
            }
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("bench append: interrupted");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
