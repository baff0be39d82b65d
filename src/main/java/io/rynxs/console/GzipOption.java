package io.rynxs.console;

import io.rynxs.segment.Gzip;
import io.rynxs.shipping.SegmentGzips;
import picocli.CommandLine.Option;

/** The {@code --gzip} option of the commands that seal segments ({@link SegmentGzips}). */
public final class GzipOption {
    @Option(names = "--gzip", paramLabel = "auto|libdeflate|zlib", defaultValue = "${env:RYNXS_SEGMENTS_GZIP:-auto}",
            description = "What compresses the segments: libdeflate when this machine has it (auto), libdeflate or nothing,"
                    + " or the JDK's zlib (default: RYNXS_SEGMENTS_GZIP, else ${DEFAULT-VALUE}). Same gzip format either way.")
    public String setting;

    public Gzip gzip() {
        try {
            return SegmentGzips.choose(setting);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--gzip: " + e.getMessage());
        }
    }
}
