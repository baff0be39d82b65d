package io.rynxs.cli;

import io.rynxs.console.UsageException;
import io.rynxs.segment.Anchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What an auditor already knows of the log, for {@code segments verify} and {@code restore}: the segments prove only
 * what they hold, so without something from outside a sink cut cleanly (its newest manifests, segments and checkpoints
 * all deleted) looks like a shorter whole.
 */
final class AnchorOptions {
    @Option(names = "--expect-size", defaultValue = "0", paramLabel = "N",
            description = "Fail unless the verified head is at least N (a size the log is known to have reached; the head may"
                    + " be larger, a live log grows). Default: no expectation.")
    long expectSize;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A signed checkpoint note held from before (e.g. from rynxs checkpoint create or GET /api/v1/checkpoints/latest):"
                    + " it must verify with the key, the head must reach its size, and the segments' root at its size must be its"
                    + " root. Repeatable.")
    List<Path> checkpoints = new ArrayList<>();

    /** The anchors these options give, on top of the sink's own checkpoints; reads each note file. */
    Anchors anchors() throws IOException {
        if (expectSize < 0) {
            throw new UsageException("--expect-size " + expectSize + " is negative (give the size the log reached, 1 or more)");
        }
        Anchors anchors = Anchors.SINK.expecting(expectSize);
        for (Path file : checkpoints) {
            anchors = anchors.holding(file.toString(), Files.readAllBytes(file));
        }
        return anchors;
    }
}
