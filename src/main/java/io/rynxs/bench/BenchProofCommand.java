package io.rynxs.bench;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.store.EventLog;
import io.rynxs.store.EventStore;
import io.rynxs.store.ProofExport;
import io.rynxs.tlog.ProofFile;
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

    @Option(names = "--file", description = "Measure whole C2SP tlog-proof files (rynxs proof export: event, path, checkpoint note"
            + " with cosignatures) instead of bare inclusion proofs; the log needs a checkpoint at its head (rynxs checkpoint create).")
    boolean file;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        try (EventLog log = EventLog.open(db.existing())) {
            EventStore store = log.store();
            long head = store.head().seq();
            if (head == 0) {
                throw new UsageException("bench proof: " + db.db + " is empty");
            }
            ProofExport export = new ProofExport(store, log.checkpoints());
            if (file && log.checkpoints().latest().map(c -> c.treeSize() != head).orElse(true)) {
                throw new UsageException("bench proof --file: " + db.db + " has no checkpoint at its head " + head
                        + " (sign one first: rynxs checkpoint create --db " + db.db + " --key KEY)");
            }
            Random random = new Random(7);
            // Warm-up (JIT, connection pool, page cache) on other random events; only what follows is measured.
            for (int i = 0; i < Math.min(500, samples); i++) {
                prove(store, export, 1 + (long) (random.nextDouble() * head), head);
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
                long index = prove(store, export, seq, head);
                latencies[i] = System.nanoTime() - t1;
                if (index != seq - 1) {
                    throw new IllegalStateException("proof for the wrong leaf");
                }
            }
            double rate = samples / (Arrays.stream(latencies).sum() / 1e9);
            double baseRate = samples / (Arrays.stream(lookups).sum() / 1e9);
            Map<String, Object> out = BenchReport.of(rate, baseRate, "raw JDBC: open a connection, read one event row by seq", latencies);
            out.put("unit", (file ? "proof files" : "proofs") + " per second (eventsPerSecond fields count them)");
            out.put("what", file ? "tlog-proof file (ProofExport.of(seq).toBytes())" : "inclusion proof (store.inclusionProof)");
            Map<String, Object> base = BenchReport.of(1, 1, "", lookups);
            out.put("baselineP50Ms", base.get("p50Ms"));
            out.put("baselineP99Ms", base.get("p99Ms"));
            out.put("treeSize", head);
            out.put("machine", BenchReport.machine());
            Output.print(spec, json, out, String.format((file ? "tlog-proof file" : "inclusion proof") + " at size %d: p50 %s ms, p99 %s ms; one-row lookup p50 %s ms, p99 %s ms",
                    head, out.get("p50Ms"), out.get("p99Ms"), base.get("p50Ms"), base.get("p99Ms")));
        }
    }

    /** One proof of {@code seq} at {@code head}, as a bare path or a whole file; returns the leaf index it proves. */
    private long prove(EventStore store, ProofExport export, long seq, long head) {
        if (file) {
            ProofFile f = export.of(seq);
            f.toBytes();
            return f.index();
        }
        return store.inclusionProof(seq, head).leafIndex();
    }
}
