package io.rynxs.bench;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.store.EventStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Inclusion proofs for random events at the head's size, against a one-row primary-key lookup per sample. */
@Command(name = "proof", mixinStandardHelpOptions = true,
        description = "Inclusion-proof latency for random events against a one-row lookup baseline.",
        footer = {"", "Example:", "  rynxs bench proof --db /tmp/replay.db --json"})
final class BenchProofCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--samples", defaultValue = "2000", description = "Random events to prove (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        try (EventStore store = EventStore.open(db.existing())) {
            long head = store.head().seq();
            if (head == 0) {
                throw new UsageException("bench proof: " + db.db + " is empty");
            }
            Random random = new Random(7);
            // Warm-up (JIT, connection pool, page cache) on other random events; only what follows is measured.
            for (int i = 0; i < Math.min(500, samples); i++) {
                store.inclusionProof(1 + (long) (random.nextDouble() * head), head);
                RawSqlite.readRange(db.db, db.durability, 0, 1);
            }
            long[] latencies = new long[samples];
            long[] lookups = new long[samples];
            for (int i = 0; i < samples; i++) {
                long seq = 1 + (long) (random.nextDouble() * head);
                long t0 = System.nanoTime();
                RawSqlite.readRange(db.db, db.durability, seq - 1, seq);
                lookups[i] = System.nanoTime() - t0;
                long t1 = System.nanoTime();
                InclusionProof p = store.inclusionProof(seq, head);
                latencies[i] = System.nanoTime() - t1;
                if (p.leafIndex() != seq - 1) {
                    throw new IllegalStateException("proof for the wrong leaf");
                }
            }
            double rate = samples / (Arrays.stream(latencies).sum() / 1e9);
            double baseRate = samples / (Arrays.stream(lookups).sum() / 1e9);
            Map<String, Object> out = BenchReport.of(rate, baseRate, "raw JDBC: open a connection, read one event row by seq", latencies);
            out.put("unit", "proofs per second (eventsPerSecond fields count proofs)");
            Map<String, Object> base = BenchReport.of(1, 1, "", lookups);
            out.put("baselineP50Ms", base.get("p50Ms"));
            out.put("baselineP99Ms", base.get("p99Ms"));
            out.put("treeSize", head);
            out.put("machine", BenchReport.machine());
            Output.print(spec, json, out, String.format("inclusion proof at size %d: p50 %s ms, p99 %s ms; one-row lookup p50 %s ms, p99 %s ms",
                    head, out.get("p50Ms"), out.get("p99Ms"), base.get("p50Ms"), base.get("p99Ms")));
        }
    }
}
