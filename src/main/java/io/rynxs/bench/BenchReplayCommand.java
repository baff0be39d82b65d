package io.rynxs.bench;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.decision.OperatorWorkload;
import io.rynxs.state.State;
import io.rynxs.store.Durability;
import io.rynxs.store.EventLog;
import io.rynxs.store.EventStore;
import io.rynxs.store.StoreOptions;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replay at random seqs: latency percentiles and events applied per second, next to a raw JDBC read of
 * the same event ranges (what replay costs beyond reading the rows).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay latency at random seqs against a raw read of the same ranges.",
        footer = {"", "Example (fills a new database with an operator-shaped workload first):",
                "  rynxs bench replay --db /tmp/replay.db --generate 1000000 --json"})
final class BenchReplayCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--generate", paramLabel = "N", description = "If the database does not exist, fill it with N operator-shaped events first.")
    Long generate;

    @Option(names = "--agents", defaultValue = "1000", description = "Agents in the generated workload (default ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--samples", defaultValue = "200", description = "Random seqs to replay (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--warmup", defaultValue = "100",
            description = "Replays at other random seqs before measuring, so the JIT has compiled the replay path (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        if (samples < 1) {
            throw new UsageException("--samples must be 1 or more");
        }
        if (warmup < 0) {
            throw new UsageException("--warmup must be 0 or more");
        }
        long generated = 0;
        long generateMillis = 0;
        if (!Files.exists(db.db)) {
            if (generate == null) {
                throw new UsageException("bench replay: " + db.db + " does not exist (add --generate N to create it)");
            }
            long t0 = System.nanoTime();
            try (EventStore store = EventStore.open(StoreOptions.of(db.db).withDurability(Durability.NORMAL))) {
                generated = new OperatorWorkload(agents).append(store::appendAsync, generate);
            }
            generateMillis = (System.nanoTime() - t0) / 1_000_000;
        }
        try (EventLog log = EventLog.open(db.existing())) {
            long head = log.store().head().seq();
            if (head == 0) {
                throw new UsageException("bench replay: " + db.db + " is empty");
            }
            long t0 = System.nanoTime();
            int snapshots = log.history().runOnce();
            long snapshotMillis = (System.nanoTime() - t0) / 1_000_000;
            Random random = new Random(seed);
            // Warm-up (JIT, page cache) on other random seqs; only what follows is measured. With 20, replays in
            // the first seconds after it were still among the slowest while C2 compiled.
            for (int i = 0; i < warmup; i++) {
                log.history().at(1 + (long) (random.nextDouble() * head));
            }
            long[] latencies = new long[samples];
            long[] rawLatencies = new long[samples];
            long applied = 0;
            long appliedNanos = 0;
            long rawRead = 0;
            long rawNanos = 0;
            for (int i = 0; i < samples; i++) {
                long seq = 1 + (long) (random.nextDouble() * head);
                long from = seq - seq % 10_000;
                long r0 = System.nanoTime();
                rawRead += RawSqlite.readRange(db.db, db.durability, from, seq);
                rawLatencies[i] = System.nanoTime() - r0;
                rawNanos += rawLatencies[i];
                long s0 = System.nanoTime();
                State state = log.history().at(seq);
                latencies[i] = System.nanoTime() - s0;
                appliedNanos += latencies[i];
                applied += seq - from;
                if (state.seq() != seq) {
                    throw new IllegalStateException("replay to " + seq + " returned state at " + state.seq());
                }
            }
            double rate = applied / (appliedNanos / 1e9);
            double rawRate = rawRead / (rawNanos / 1e9);
            Map<String, Object> out = BenchReport.of(rate, rawRate,
                    "raw JDBC read of the same event ranges (newest snapshot seq, N], rows discarded", latencies);
            Map<String, Object> raw = BenchReport.of(1, 1, "", rawLatencies);
            out.put("baselineP50Ms", raw.get("p50Ms"));
            out.put("baselineP99Ms", raw.get("p99Ms"));
            out.put("events", head);
            out.put("samples", samples);
            out.put("warmup", warmup);
            out.put("snapshotsWritten", snapshots);
            out.put("snapshotCatchUpMs", snapshotMillis);
            if (generated > 0) {
                out.put("generatedEvents", generated);
                out.put("generateMs", generateMillis);
            }
            out.put("machine", BenchReport.machine());
            Output.print(spec, json, out, String.format("replay: p50 %s ms, p99 %s ms, %,.0f events applied/s; raw read %,.0f events/s (ratio %.3f)",
                    out.get("p50Ms"), out.get("p99Ms"), rate, rawRate, rate / rawRate));
        }
    }
}
