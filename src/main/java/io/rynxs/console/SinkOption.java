package io.rynxs.console;

import io.rynxs.config.S3Section;
import io.rynxs.shipping.SegmentLocation;
import picocli.CommandLine.Option;

/** The {@code --sink} option of the commands that ship segments, and opening what it names. */
public final class SinkOption {
    @Option(names = "--sink", required = true, paramLabel = "URI", defaultValue = "${env:RYNXS_SEGMENTS_SINK}",
            description = "Where to ship: s3://bucket/prefix/, file:///dir/ or a directory (default: RYNXS_SEGMENTS_SINK).")
    public String uri;

    /** The object store and layout behind the URI. */
    public SegmentLocation open() {
        return open(uri);
    }

    /**
     * Any segment location a command names ({@code --sink}, {@code --from}, {@code --to}), with the RYNXS_S3_* keys
     * read and checked as {@code serve} does (a bad one is refused before anything is opened).
     */
    public static SegmentLocation open(String uri) {
        return SegmentLocation.open(uri, S3Section.load(System.getenv()));
    }
}
