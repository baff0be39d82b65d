package io.rynxs.cli;

import io.rynxs.shipping.SegmentLocation;
import picocli.CommandLine.Option;

/** The {@code --sink} option of the commands that ship segments, and opening what it names. */
final class SinkOption {
    @Option(names = "--sink", required = true, paramLabel = "URI", defaultValue = "${env:RYNXS_SEGMENTS_SINK}",
            description = "Where to ship: s3://bucket/prefix/, file:///dir/ or a directory (default: RYNXS_SEGMENTS_SINK).")
    String uri;

    /** The object store and layout behind the URI (S3 settings from RYNXS_S3_* and AWS_*). */
    SegmentLocation open() {
        return SegmentLocation.open(uri, System.getenv());
    }
}
