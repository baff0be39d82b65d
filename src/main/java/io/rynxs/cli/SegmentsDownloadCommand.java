package io.rynxs.cli;

import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.console.UsageException;
import io.rynxs.event.Sha256;
import io.rynxs.segment.PutResult;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.shipping.LocalDirectoryObjectStore;
import io.rynxs.shipping.SegmentLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs segments download}: copies segments, manifests and checkpoints into a directory, byte for byte. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Copy every segment, manifest and checkpoint to a local directory (existing identical files are kept;"
                + " a different existing file is an error). Verify the copy with segments verify --from DIR.",
        footer = {"", "Example:", "  rynxs segments download --from s3://audit/events/ --to ./audit-copy && rynxs segments verify --from ./audit-copy --vkey verifier.vkey"})
final class SegmentsDownloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "s3://bucket/prefix/, file:///dir/ or a directory.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Local directory to copy into (created if missing).")
    Path to;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        int copied = 0;
        int kept = 0;
        try (SegmentLocation location = SinkOption.open(from)) {
            SegmentLayout layout = location.layout();
            LocalDirectoryObjectStore target = new LocalDirectoryObjectStore(to);
            for (String prefix : List.of(layout.segmentsPrefix(), layout.manifestsPrefix(), layout.checkpointsPrefix())) {
                for (String key : location.store().list(prefix)) {
                    byte[] bytes = location.store().get(key).orElseThrow(() -> new UsageException("download " + key
                            + ": the object disappeared while copying (retry)"));
                    String relative = key.substring(layout.prefix().length());
                    PutResult r = target.putIfAbsent(relative, bytes, Sha256.hex(bytes));
                    if (r == PutResult.CONFLICT) {
                        throw new UsageException("download " + key + ": " + to.resolve(relative)
                                + " exists with other bytes (download into an empty directory)");
                    }
                    if (r == PutResult.CREATED) {
                        copied++;
                    } else {
                        kept++;
                    }
                }
            }
        }
        Downloaded out = new Downloaded(true, copied, kept, to.toAbsolutePath().toString());
        Output.print(spec, json, out, "copied " + copied + " object(s) to " + to.toAbsolutePath() + " (" + kept + " already there)");
        return ExitCodes.OK;
    }

    private record Downloaded(boolean ok, long copied, long unchanged, String to) {}
}
