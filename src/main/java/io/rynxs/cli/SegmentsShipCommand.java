package io.rynxs.cli;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.ShipResult;
import io.rynxs.shipping.Shipper;
import io.rynxs.shipping.ShippingMetrics;
import io.rynxs.store.EventLog;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rynxs segments ship}: uploads what {@code seal} already sealed but could not ship (the sink was
 * down, the process died), and seals nothing new — so it needs no signing key.
 */
@Command(name = "ship", mixinStandardHelpOptions = true,
        description = "Upload the segments this database sealed but has not shipped (object, manifest, checkpoint, in order),"
                + " without sealing anything new; no signing key needed. Use seal to seal and ship the tail.",
        footer = {"", "Examples:",
                "  rynxs segments ship --db data/events.db --sink s3://audit/events/ --json",
                "  rynxs segments ship --db data/events.db --sink file:///backup/events/"})
final class SegmentsShipCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Mixin
    SinkOption sink;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        try (EventLog log = EventLog.open(db.existing());
             SegmentLocation location = sink.open()) {
            ShipResult r = Shipper.uploadOnly(log.store(), log.checkpoints(), location.store(), location.layout(), Clock.systemUTC(),
                    ShippingMetrics.NONE).shipSealed();
            Shipped out = new Shipped(true, r.shipped(), r.backfilled(), r.shippedThrough(), r.head(), r.unshipped());
            Output.print(spec, json, out, r.backfillNote() + "shipped " + r.shipped().size() + " sealed segment(s); shipped through seq " + r.shippedThrough()
                    + ", head " + r.head() + ", " + r.unshipped() + " not in a shipped segment (rynxs segments seal ships the tail)");
        }
        return ExitCodes.OK;
    }

    private record Shipped(boolean ok, List<String> shipped, List<String> backfilled, long shippedThrough, long head, long unshipped) {}
}
