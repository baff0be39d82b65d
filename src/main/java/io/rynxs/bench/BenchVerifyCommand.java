package io.rynxs.bench;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.store.AuditReport;
import io.rynxs.store.EventLog;
import io.rynxs.store.EventStore;
import io.rynxs.store.LogAudit;
import io.rynxs.store.StoreOptions;
import io.rynxs.store.VerifyResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Verification rate of the store against a raw read-and-rehash loop over the same file, best of three each, interleaved. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify throughput against a raw JDBC read-and-SHA-256 loop from the same run; the full audit (rows held to every",
                "commitment) next to it, and the time of a writable open (with its check) next to a read-only one."},
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
        double audit = 0;
        long events = 0;
        long commitments = 0;
        long openCheck = Long.MAX_VALUE;
        long openReadOnly = Long.MAX_VALUE;
        try (EventLog log = EventLog.open(db.existing())) {
            EventStore store = log.store();
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
                started = System.nanoTime();
                AuditReport a = new LogAudit(store, log.history(), null).run(0);
                audit = Math.max(audit, a.checked() / ((System.nanoTime() - started) / 1e9));
                if (!a.ok()) {
                    throw new UsageException("bench verify: the audit fails: " + a.finding().describe());
                }
                commitments = a.commitments();
                openReadOnly = Math.min(openReadOnly, timeOpen(db.existing()));
                openCheck = Math.min(openCheck, timeOpen(db.existing().withWritable()));
            }
        }
        Map<String, Object> out = BenchReport.of(best, baseline, "raw JDBC loop reading rows in seq order, recomposing canonical bytes, SHA-256 and link check", null);
        out.put("events", events);
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("eventsPerSecond", Math.round(audit));
        audited.put("commitments", commitments);
        audited.put("ratioToVerify", Math.round(audit / best * 1000) / 1000.0);
        out.put("audit", audited);
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("writableMs", openCheck / 1_000_000.0);
        open.put("readOnlyMs", openReadOnly / 1_000_000.0);
        out.put("open", open);
        out.put("machine", BenchReport.machine());
        Output.print(spec, json, out, String.format("verify: %,.0f events/s; baseline %,.0f events/s; ratio %.3f; audit against %d commitments"
                        + " %,.0f events/s (%.3f x verify); open with its check %.1f ms, read-only %.1f ms", best, baseline, best / baseline,
                commitments, audit, audit / best, openCheck / 1e6, openReadOnly / 1e6));
    }

    /** Nanoseconds to open and close the store: writable (migrations, the open check, the writer) or read-only. */
    private static long timeOpen(StoreOptions options) {
        long started = System.nanoTime();
        try (EventStore s = EventStore.open(options)) {
            s.head();
        }
        return System.nanoTime() - started;
    }
}
