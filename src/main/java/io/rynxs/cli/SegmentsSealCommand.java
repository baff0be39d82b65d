package io.rynxs.cli;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.config.Durations;
import io.rynxs.console.DbOption;
import io.rynxs.console.GzipOption;
import io.rynxs.console.Output;
import io.rynxs.console.Progress;
import io.rynxs.console.ProgressOption;
import io.rynxs.console.SinkOption;
import io.rynxs.console.UsageException;
import io.rynxs.segment.ObjectStore;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.ShipResult;
import io.rynxs.shipping.Shipper;
import io.rynxs.shipping.ShippingMetrics;
import io.rynxs.shipping.ShippingPolicy;
import io.rynxs.store.EventLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs segments seal}: one shipping step — finish interrupted uploads, seal the tail per policy, ship. */
@Command(name = "seal", mixinStandardHelpOptions = true,
        description = "Ship sealed-but-unshipped segments, then seal the pending tail (at --max-events, or when its first"
                + " event is older than --max-age, or always with --force) and ship it: object, manifest, checkpoint.",
        footer = {"", "Examples:",
                "  rynxs segments seal --db data/events.db --sink s3://audit/events/ --key keys/signing.key --force --json",
                "  rynxs segments seal --db data/events.db --sink file:///backup/events/ --key keys/signing.key --max-events 1000"})
final class SegmentsSealCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Mixin
    SinkOption sink;

    @Mixin
    GzipOption gzip;

    @Mixin
    ProgressOption progress;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "PKCS#8 PEM signing key (from rynxs keygen).")
    Path key;

    @Option(names = "--origin", paramLabel = "O", defaultValue = "${env:RYNXS_CHECKPOINT_ORIGIN}",
            description = "Key name / log origin (default: RYNXS_CHECKPOINT_ORIGIN, else the verifier.vkey beside the key).")
    String origin;

    @Option(names = "--max-events", defaultValue = "10000", paramLabel = "N", description = "Seal at this many events (default ${DEFAULT-VALUE}).")
    int maxEvents;

    @Option(names = "--max-age", defaultValue = "60s", paramLabel = "AGE",
            description = "Seal a non-empty tail whose first event is this old: 500ms, 60s, 5m, 1h (default ${DEFAULT-VALUE}).")
    String maxAge;

    @Option(names = "--force", description = "Seal whatever is pending, whatever the policy says.")
    boolean force;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ShippingPolicy policy = new ShippingPolicy(maxEvents, duration(maxAge), gzip.gzip());
        Ed25519Signer signer = origin == null ? KeyFiles.readSigner(key) : KeyFiles.readSigner(key, origin);
        try (EventLog log = EventLog.open(db.existing());
             SegmentLocation location = sink.open()) {
            // Both halves take long on a large log: the audit reads every row, the shipping writes every unshipped one.
            Progress shown = progress.start(spec);
            Audits.require("segments seal", log, signer.verifierKey(), location,
                    (done, total) -> shown.at("segments seal: audited", done, total, "events"));
            ObjectStore sink = SinkProgress.writes(location.store(), location.layout(), shown, "segments seal: shipped through seq",
                    log.store().head().seq());
            Shipper shipper = new Shipper(log.store(), log.checkpoints(), sink, location.layout(), signer, policy,
                    Clock.systemUTC(), ShippingMetrics.NONE);
            ShipResult r = shipper.runOnce(force);
            Sealed out = new Sealed(true, r.shipped(), r.backfilled(), r.shippedThrough(), r.head(), r.unshipped());
            Output.print(spec, json, out, r.backfillNote() + "shipped " + r.shipped().size() + " segment(s); shipped through seq " + r.shippedThrough()
                    + ", head " + r.head() + ", " + r.unshipped() + " unshipped");
        }
        return ExitCodes.OK;
    }

    static Duration duration(String text) {
        return Durations.parse(text)
                .orElseThrow(() -> new UsageException("--max-age \"" + text + "\" is not a duration like 500ms, 60s, 5m or 1h"));
    }

    private record Sealed(boolean ok, List<String> shipped, List<String> backfilled, long shippedThrough, long head, long unshipped) {}
}
