package io.rynxs.cli;

import io.rynxs.store.EventStore;
import io.rynxs.store.VerifyResult;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Verification rate of the store against a raw read-and-rehash loop over the same file, best of three each, interleaved. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify throughput against a raw JDBC read-and-SHA-256 loop from the same run.",
        footer = {"", "Example:", "  rynxs bench verify --db /tmp/bench.db --json"})
final class BenchVerifyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds; the best of each side counts (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        double best = 0;
        double baseline = 0;
        long events = 0;
        try (EventStore store = EventStore.open(db.existing())) {
            if (store.head().isEmpty()) {
                throw new UsageException("bench verify: " + db.db + " is empty (fill it with rynxs bench append first)");
            }
            for (int i = 0; i < Math.max(1, rounds); i++) {
                baseline = Math.max(baseline, RawSqlite.verify(db.db, db.durability));
                long started = System.nanoTime();
                VerifyResult r = store.verify(1, 0);
                double rate = r.checked() / ((System.nanoTime() - started) / 1e9);
                if (!r.ok()) {
                    throw new UsageException("bench verify: the log does not verify at seq " + r.failedSeq() + ": " + r.reason());
                }
                events = r.checked();
                best = Math.max(best, rate);
            }
        }
        Map<String, Object> out = BenchReport.of(best, baseline, "raw JDBC loop reading rows in seq order, recomposing canonical bytes, SHA-256 and link check", null);
        out.put("events", events);
        out.put("machine", BenchReport.machine());
        Output.print(spec, json, out, String.format("verify: %,.0f events/s; baseline %,.0f events/s; ratio %.3f", best, baseline, best / baseline));
    }
}
