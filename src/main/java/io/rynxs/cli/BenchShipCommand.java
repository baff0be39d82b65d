package io.rynxs.cli;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.segment.Manifest;
import io.rynxs.segment.SegmentFile;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.ShipResult;
import io.rynxs.shipping.Shipper;
import io.rynxs.shipping.ShippingMetrics;
import io.rynxs.shipping.ShippingPolicy;
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
import java.util.LinkedHashMap;
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

    @Option(names = "--max-events", defaultValue = "10000", paramLabel = "N", description = "Events per segment (default ${DEFAULT-VALUE}).")
    int maxEvents;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the copy of the log goes (default: the system temp directory).")
    Path workDir;

    @Option(names = "--keep", description = "Keep the sealed copy of the log (its path is printed) instead of deleting it.")
    boolean keep;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        ShippingPolicy policy = new ShippingPolicy(maxEvents, Duration.ZERO);
        if (!Files.isRegularFile(db.db)) {
            throw new UsageException("bench ship: " + db.db + " does not exist (make a log with rynxs bench replay --generate 1000000)");
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

    private Map<String, Object> measure(Path copy, String id, ShippingPolicy policy) {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long cpu0 = cpuNanos();
        RawSeal.Result raw = RawSeal.run(copy, db.durability, maxEvents);
        long cpu1 = cpuNanos();
        long cpuShip;
        if (raw.events() == 0) {
            throw new UsageException("bench ship: " + db.db + " is empty (make a log with rynxs bench replay --generate 1000000)");
        }
        String target = subPrefix(sink, "bench-" + id);
        ShipResult result;
        long segments;
        long objectBytes;
        double seconds;
        String vkey;
        try (LogOpener log = LogOpener.open(StoreOptions.existing(copy).withDurability(db.durability));
             SegmentLocation location = SegmentLocation.open(target, System.getenv())) {
            SegmentLedger ledger = new SegmentLedger(log.store());
            if (ledger.latest().isPresent()) {
                throw new UsageException("bench ship: " + db.db + " has sealed segments already (through seq "
                        + ledger.latest().get().last() + "); give it a log that was never sealed");
            }
            String origin = log.checkpoints().origin().orElse("rynxs.bench/ship");
            Ed25519Signer signer = Ed25519Signer.generate(origin);
            vkey = signer.verifierKey().toString();
            Shipper shipper = new Shipper(log.store(), log.checkpoints(), location.store(), location.layout(), signer, policy,
                    Clock.systemUTC(), ShippingMetrics.NONE);
            cpuShip = cpuNanos();
            long started = System.nanoTime();
            result = shipper.runOnce(true);
            seconds = (System.nanoTime() - started) / 1e9;
            cpuShip = cpuNanos() - cpuShip;
            segments = ledger.all().size();
            objectBytes = ledger.all().stream().mapToLong(BenchShipCommand::manifestObjectBytes).sum();
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double rate = result.shippedThrough() / seconds;
        Map<String, Object> out = BenchReport.of(rate, raw.rate(), "one thread, plain JDBC: read the same rows in seq order, write"
                + " their segment lines, gzip at level " + SegmentFile.LEVEL + " per " + maxEvents + " events, SHA-256 of each object;"
                + " no state, checkpoint, ledger or upload", null);
        out.put("events", result.shippedThrough());
        out.put("segments", segments);
        out.put("seconds", round(seconds));
        out.put("cpuSeconds", round(cpuShip / 1e9));
        out.put("baselineSeconds", round(raw.seconds()));
        out.put("baselineCpuSeconds", round((cpu1 - cpu0) / 1e9));
        out.put("gzipLevel", SegmentFile.LEVEL);
        out.put("ndjsonBytes", raw.ndjsonBytes());
        out.put("objectBytes", objectBytes);
        out.put("compressedPercent", round(100.0 * objectBytes / raw.ndjsonBytes()));
        out.put("sink", target);
        out.put("vkey", vkey);
        out.put("loadAverage", Map.of("before", round(loadBefore), "after", round(loadAfter)));
        out.put("machine", BenchReport.machine());
        return out;
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
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
