package io.rynxs.cli;

import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.tlog.TileVerifier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs tiles verify}: walks the tiled log of a sink with nothing but the verifier key; exit 1 names the object at fault. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify the tiled log under a sink's prefix: the checkpoint's signature, every hash tile and entry bundle its"
                + " tree size needs, every hash against the level below, and the root against the checkpoint.",
        footer = {"", "Example:", "  rynxs tiles verify --from s3://audit/events/ --vkey keys/verifier.vkey --json"})
final class TilesVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "s3://bucket/prefix/, file:///dir/ or a directory.")
    String from;

    @Option(names = "--vkey", required = true, paramLabel = "KEY", description = "Verifier key string, or a file holding one (verifier.vkey).")
    String vkey;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        TileVerifier.Report r;
        try (SegmentLocation location = SinkOption.open(from)) {
            r = new TileVerifier(location.store(), location.layout().prefix(), KeyFiles.readVerifierKey(vkey)).verify();
        }
        if (r.ok()) {
            Output.print(spec, json, new Verified(true, r.treeSize(), r.tiles(), r.bundles()),
                    "ok: tree size " + r.treeSize() + ", " + r.tiles() + " tiles and " + r.bundles() + " entry bundles verified");
            return ExitCodes.OK;
        }
        Output.print(spec, json, new Failed(false, r.code().name(), r.object(), r.reason(), r.treeSize()),
                "FAILED " + r.code() + " in " + r.object() + ": " + r.reason());
        return ExitCodes.VERIFICATION_FAILED;
    }

    private record Verified(boolean ok, long treeSize, long tiles, long bundles) {}

    private record Failed(boolean ok, String code, String object, String reason, long treeSize) {}
}
