package io.rynxs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rynxs segments}: seal and ship the log to S3 or a directory, list, download and verify what was shipped. */
@Command(name = "segments", mixinStandardHelpOptions = true,
        description = "Seal the log into immutable segments, ship them, and list, download or verify shipped segments.",
        subcommands = {SegmentsSealCommand.class, SegmentsShipCommand.class, SegmentsListCommand.class, SegmentsDownloadCommand.class, SegmentsVerifyCommand.class},
        footer = {"", "Locations: s3://bucket/prefix/ (RYNXS_S3_ENDPOINT, RYNXS_S3_REGION, RYNXS_S3_PATH_STYLE, AWS_* credentials),",
                "file:///dir/ or a directory path.", "", "Examples:",
                "  rynxs segments seal --db data/events.db --sink s3://audit/events/ --key keys/signing.key",
                "  rynxs segments ship --db data/events.db --sink s3://audit/events/",
                "  rynxs segments verify --from s3://audit/events/ --vkey keys/verifier.vkey --json"})
final class SegmentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose seal, ship, list, download or verify");
    }
}
