package io.rynxs.bench;

import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.checkpoint.VerifierKey;
import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.console.UsageException;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.shipping.Restore;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.Durability;
import io.rynxs.store.EventStore;
import io.rynxs.store.StoreOptions;
import io.rynxs.store.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segments verify} against local {@code verify} of the same log, interleaved in one run (best of each),
 * and optionally {@code restore} of those segments against a raw copy of the same rows into the same schema.
 */
@Command(name = "segments", mixinStandardHelpOptions = true,
        description = "Segment verification rate next to local verification of the same log in the same run (ratio),"
                + " and with --restore-dir the time to restore every segment next to a raw JDBC copy of the same rows.",
        footer = {"", "Example:",
                "  rynxs bench segments --from s3://bench/events/ --vkey keys/verifier.vkey --db /tmp/1m.db --restore-dir /tmp --json"})
final class BenchSegmentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "Segments of the log: s3://bucket/prefix/, file:///dir/ or a directory.")
    String from;

    @Option(names = "--vkey", required = true, paramLabel = "KEY", description = "Verifier key string, or a file holding one.")
    String vkey;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The same log as a local database (only read).")
    Path db;

    @Option(names = "--rounds", defaultValue = "2", description = "Interleaved verify rounds; the best of each side counts (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--restore-dir", paramLabel = "DIR", description = "Also time restore (and its raw baseline) into new files here; they are deleted after.")
    Path restoreDir;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        if (rounds < 1) {
            throw new UsageException("--rounds must be 1 or more");
        }
        if (!Files.isRegularFile(db)) {
            throw new UsageException("bench segments: " + db + " is not a database file (give the log the segments were sealed from)");
        }
        if (restoreDir != null && !Files.isDirectory(restoreDir)) {
            throw new UsageException("bench segments: --restore-dir " + restoreDir + " is not a directory");
        }
        VerifierKey key = KeyFiles.readVerifierKey(vkey);
        double segmentsRate = 0;
        double localRate = 0;
        long events = 0;
        try (SegmentLocation location = SinkOption.open(from);
             EventStore store = EventStore.open(StoreOptions.existing(db))) {
            for (int i = 0; i < rounds; i++) {
                long started = System.nanoTime();
                VerifyResult local = store.verify(1, 0);
                localRate = Math.max(localRate, local.checked() / seconds(started));
                if (!local.ok()) {
                    throw new UsageException("bench segments: " + db + " does not verify at seq " + local.failedSeq() + ": " + local.reason());
                }
                started = System.nanoTime();
                SegmentReport r = new SegmentVerifier(location.store(), location.layout(), key).verify();
                segmentsRate = Math.max(segmentsRate, r.events() / seconds(started));
                if (!r.ok()) {
                    throw new UsageException("bench segments: the segments do not verify: " + r.failure().orElseThrow());
                }
                if (r.events() != local.checked()) {
                    throw new UsageException("bench segments: the segments hold " + r.events() + " events and " + db + " holds "
                            + local.checked() + " (seal the whole log with --force first)");
                }
                events = r.events();
            }
            Map<String, Object> out = BenchReport.of(segmentsRate, localRate,
                    "local rynxs verify of the same log (store.verify, SQLite, same process), best of " + rounds, null);
            out.put("events", events);
            String restoreLine = "";
            if (restoreDir != null) {
                Map<String, Object> restore = restore(location, key, events);
                out.put("restore", restore);
                restoreLine = String.format("; restore %.1f s, raw copy of the same rows %.1f s, ratio %.2f", restore.get("seconds"),
                        ((Map<?, ?>) restore.get("baseline")).get("seconds"), restore.get("ratio"));
            }
            out.put("machine", BenchReport.machine());
            Output.print(spec, json, out, String.format("segments verify: %,.0f events/s; local verify %,.0f events/s; ratio %.3f%s",
                    segmentsRate, localRate, segmentsRate / localRate, restoreLine));
        }
    }

    private Map<String, Object> restore(SegmentLocation location, VerifierKey key, long events) {
        Path target = restoreDir.resolve("bench-restore-" + ProcessHandle.current().pid() + ".db");
        Path raw = restoreDir.resolve("bench-raw-" + ProcessHandle.current().pid() + ".db");
        try {
            RawSqlite.delete(target);
            long started = System.nanoTime();
            SegmentReport r = new Restore(location.store(), location.layout(), key, Clock.systemUTC())
                    .runInto(target, SnapshotPolicy.DEFAULT, 0, false);
            double restoreSeconds = seconds(started);
            if (!r.ok() || r.events() != events) {
                throw new UsageException("bench segments: restore did not complete: " + r.failure().map(Object::toString).orElse(r.events() + " events"));
            }
            RawSqlite.delete(target);
            double rawSeconds = RawCopy.copy(db, raw, 100_000, Durability.FULL);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("seconds", round(restoreSeconds));
            out.put("eventsPerSecond", Math.round(events / restoreSeconds));
            Map<String, Object> baseline = new LinkedHashMap<>();
            baseline.put("seconds", round(rawSeconds));
            baseline.put("what", "raw JDBC copy of the same rows from --db into a new database with the same schema, 100,000 per transaction");
            out.put("baseline", baseline);
            out.put("ratio", Math.round(rawSeconds / restoreSeconds * 1000) / 1000.0);
            return out;
        } finally {
            RawSqlite.delete(target);
            RawSqlite.delete(raw);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
