package io.rynxs.bench;

import com.sun.management.OperatingSystemMXBean;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.console.DbOption;
import io.rynxs.console.GzipOption;
import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.console.UsageException;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.SegmentFile;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.ShipResult;
import io.rynxs.shipping.Shipper;
import io.rynxs.shipping.ShippingMetrics;
import io.rynxs.shipping.ShippingPolicy;
import io.rynxs.store.EventLog;
import io.rynxs.store.SegmentLedger;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StoreOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Seal-and-ship throughput: a copy of the log is sealed and shipped to the sink the user names, next to a
 * raw read + gzip + SHA-256 pass over the same rows in the same run ({@link RawSeal}). The log given
 * with {@code --db} is only read. Checkpoints are signed with a key made for the run; its verifier key is
 * printed, so what was shipped can be checked with {@code rynxs segments verify}.
 */
@Command(name = "ship", mixinStandardHelpOptions = true,
        description = "Seal and ship a copy of the log to a sink (s3:// or file://, under a fresh bench-<id>/ prefix) against a"
                + " raw read + gzip + SHA-256 pass over the same rows from the same run.",
        footer = {"", "The sink is not started for you; for a local S3 server see docs/S3.md (s3proxy).", "", "Examples:",
                "  RYNXS_S3_ENDPOINT=http://127.0.0.1:18433 RYNXS_S3_CREATE_BUCKET=true AWS_ACCESS_KEY_ID=bench \\",
                "    AWS_SECRET_ACCESS_KEY=bench-secret rynxs bench ship --db /tmp/1m.db --sink s3://bench/events/ --json",
                "  rynxs bench ship --db /tmp/1m.db --sink file:///tmp/bench-sink/ --json"})
final class BenchShipCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--sink", required = true, paramLabel = "URI",
            description = "Where to ship: s3://bucket/prefix/, file:///dir/ or a directory; each run writes under bench-<id>/ inside it.")
    String sink;

    @Mixin
    GzipOption gzip;

    @Option(names = "--max-events", defaultValue = "10000", paramLabel = "N", description = "Events per segment (default ${DEFAULT-VALUE}).")
    int maxEvents;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the copy of the log goes (default: the system temp directory).")
    Path workDir;

    @Option(names = "--keep", description = "Keep the sealed copy of the log (its path is printed) instead of deleting it.")
    boolean keep;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "RUNS",
            description = "Whole seal-and-ship runs on other copies of the log (to bench-<id>-warmup-<n>/) before the measured one, and"
                    + " baseline passes before the measured baseline, so the JIT has compiled what a long-running serve would have"
                    + " (default ${DEFAULT-VALUE}; 0 measures a cold JVM).")
    int warmup;

    @Option(names = "--tiles", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "Write the C2SP tiled log (hash tiles, entry bundles, checkpoint) as serve does (default ${DEFAULT-VALUE});"
                    + " false measures segments alone, the cost of tiles being the difference.")
    boolean tiles;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        ShippingPolicy policy = new ShippingPolicy(maxEvents, Duration.ZERO, gzip.gzip());
        if (!Files.isRegularFile(db.db)) {
            throw new UsageException("bench ship: " + db.db + " does not exist (make a log with rynxs bench replay --generate 1000000)");
        }
        if (warmup < 0 || warmup > 5) {
            throw new UsageException("bench ship: --warmup " + warmup + " is out of range (allowed: 0..5)");
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path copy = copyOf(db.db, id);
        try {
            Map<String, Object> out = measure(copy, id, policy);
            if (keep) {
                out.put("copy", copy.toString());
            }
            Output.print(spec, json, out, String.format("ship: %,d events/s to %s; baseline %,d events/s; ratio %.3f",
                    out.get("eventsPerSecond"), out.get("sink"), ((Map<?, ?>) out.get("baseline")).get("eventsPerSecond"), out.get("ratio")));
        } finally {
            if (!keep) {
                RawSqlite.delete(copy);
            }
        }
    }

    /** One seal-and-ship of a copy of the log into {@code target}. */
    private record Shipped(ShipResult result, double seconds, long cpuNanos, long segments, long objectBytes, String vkey) {}

    private Map<String, Object> measure(Path copy, String id, ShippingPolicy policy) {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Double> coldRates = new ArrayList<>();
        for (int i = 1; i <= warmup; i++) {
            Path warm = copyOf(db.db, id + "-warmup-" + i);
            try {
                RawSeal.run(warm, db.durability, maxEvents, policy.gzip());
                Shipped w = ship(warm, subPrefix(sink, "bench-" + id + "-warmup-" + i), policy);
                coldRates.add(w.result().shippedThrough() / w.seconds());
            } finally {
                RawSqlite.delete(warm);
            }
        }
        long cpu0 = cpuNanos();
        RawSeal.Result raw = RawSeal.run(copy, db.durability, maxEvents, policy.gzip());
        long cpu1 = cpuNanos();
        if (raw.events() == 0) {
            throw new UsageException("bench ship: " + db.db + " is empty (make a log with rynxs bench replay --generate 1000000)");
        }
        String target = subPrefix(sink, "bench-" + id);
        Shipped shipped = ship(copy, target, policy);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double rate = shipped.result().shippedThrough() / shipped.seconds();
        Map<String, Object> out = BenchReport.of(rate, raw.rate(), "one thread, plain JDBC: read the same rows in seq order, write"
                + " their segment lines, gzip (" + policy.gzip().name() + ") at level " + SegmentFile.LEVEL + " per " + maxEvents + " events, SHA-256 of each object;"
                + " no state, checkpoint, ledger or upload", null);
        out.put("events", shipped.result().shippedThrough());
        out.put("segments", shipped.segments());
        out.put("seconds", round(shipped.seconds()));
        out.put("cpuSeconds", round(shipped.cpuNanos() / 1e9));
        out.put("baselineSeconds", round(raw.seconds()));
        out.put("baselineCpuSeconds", round((cpu1 - cpu0) / 1e9));
        out.put("warmupRuns", (long) warmup);
        out.put("warmupEventsPerSecond", coldRates.stream().map(r -> (Object) Math.round(r)).toList());
        out.put("tiles", tiles);
        out.put("gzip", policy.gzip().name());
        out.put("gzipLevel", SegmentFile.LEVEL);
        out.put("ndjsonBytes", raw.ndjsonBytes());
        out.put("objectBytes", shipped.objectBytes());
        out.put("compressedPercent", round(100.0 * shipped.objectBytes() / raw.ndjsonBytes()));
        out.put("sink", target);
        out.put("vkey", shipped.vkey());
        out.put("loadAverage", Map.of("before", round(loadBefore), "after", round(loadAfter)));
        out.put("machine", BenchReport.machine());
        return out;
    }

    private Shipped ship(Path copy, String target, ShippingPolicy policy) {
        try (EventLog log = EventLog.open(StoreOptions.existing(copy).withDurability(db.durability));
             SegmentLocation location = SinkOption.open(target)) {
            SegmentLedger ledger = new SegmentLedger(log.store());
            if (ledger.latest().isPresent()) {
                throw new UsageException("bench ship: " + db.db + " has sealed segments already (through seq "
                        + ledger.latest().get().last() + "); give it a log that was never sealed");
            }
            String origin = log.checkpoints().origin().orElse("rynxs.bench/ship");
            Ed25519Signer signer = Ed25519Signer.generate(origin);
            Shipper shipper = new Shipper(log.store(), log.checkpoints(), location.store(), location.layout(), signer, policy,
                    Clock.systemUTC(), ShippingMetrics.NONE);
            if (!tiles) {
                shipper.withoutTiles();
            }
            long cpu = cpuNanos();
            long started = System.nanoTime();
            ShipResult result = shipper.runOnce(true);
            double seconds = (System.nanoTime() - started) / 1e9;
            cpu = cpuNanos() - cpu;
            List<SegmentRecord> all = ledger.all();
            return new Shipped(result, seconds, cpu, all.size(), all.stream().mapToLong(BenchShipCommand::manifestObjectBytes).sum(),
                    signer.verifierKey().toString());
        }
    }

    private static long manifestObjectBytes(SegmentRecord r) {
        return Manifest.parse(r.manifest()).objectBytes();
    }

    private Path copyOf(Path source, String id) {
        Path dir = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"));
        Path copy = dir.resolve("rynxs-bench-ship-" + id + ".db");
        try {
            Files.createDirectories(dir);
            Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
            Path wal = source.resolveSibling(source.getFileName() + "-wal");
            if (Files.isRegularFile(wal)) {
                Files.copy(wal, copy.resolveSibling(copy.getFileName() + "-wal"));
            }
            return copy;
        } catch (IOException e) {
            RawSqlite.delete(copy);
            throw new UsageException("bench ship: copy " + source + " to " + copy + ": " + e + " (free space or choose --work-dir)");
        }
    }

    /** The sink URI with one more path level, so that every run ships into an empty prefix. */
    static String subPrefix(String sink, String name) {
        if (sink.startsWith("s3://") || sink.startsWith("file:")) {
            return (sink.endsWith("/") ? sink : sink + "/") + name + "/";
        }
        return Path.of(sink).resolve(name).toString();
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
