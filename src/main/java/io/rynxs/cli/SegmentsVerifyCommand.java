package io.rynxs.cli;

import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.segment.Anchor;
import io.rynxs.segment.IgnoredCheckpoint;
import io.rynxs.segment.SegmentFailure;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.shipping.SegmentLocation;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs segments verify}: checks shipped segments from genesis with nothing but the verifier key; exit 1 names the first failure. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify shipped segments: every line, hash and link, every manifest and checksum, the manifest chain,"
                + " the Merkle root and the signed checkpoint of each segment. Then the head is held to every signed checkpoint"
                + " the sink still holds (checkpoints/ and the tiled log's checkpoint): one beyond the head means the tail was cut"
                + " (TRUNCATED). Checkpoint objects whose signature does not verify prove nothing: listed as ignored, not failures."
                + " Orphan segment objects are listed, not failures.",
        footer = {"", "Examples:", "  rynxs segments verify --from s3://audit/events/ --vkey keys/verifier.vkey --json",
                "  rynxs segments verify --from s3://audit/events/ --vkey keys/verifier.vkey --expect-size 120000 --checkpoint last-week.note"})
final class SegmentsVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "s3://bucket/prefix/, file:///dir/ or a directory.")
    String from;

    @Option(names = "--vkey", required = true, paramLabel = "KEY", description = "Verifier key string, or a file holding one (verifier.vkey).")
    String vkey;

    @Mixin
    AnchorOptions anchor;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        var anchors = anchor.anchors();
        SegmentReport r;
        try (SegmentLocation location = SinkOption.open(from)) {
            r = new SegmentVerifier(location.store(), location.layout(), KeyFiles.readVerifierKey(vkey)).verify(anchors);
        }
        if (r.ok()) {
            Output.print(spec, json, new Verified(true, r.segments(), r.events(), r.head(), r.headSeq(), r.orphans(), sizes(r.anchors()),
                    r.ignored()), "ok: " + r.segments() + " segments, " + r.events() + " events verified, head seq " + r.headSeq() + " "
                    + r.head() + notes(r));
            return ExitCodes.OK;
        }
        return printFailure(spec, json, r);
    }

    /** A failed verification, for {@code segments verify} and {@code restore} alike; returns exit 1. */
    static int printFailure(CommandSpec spec, boolean json, SegmentReport r) {
        SegmentFailure f = r.failure().orElseThrow();
        Output.print(spec, json, new Failed(false, f.segment(), f.seq(), f.code().name(), f.reason(), r.segments(), r.headSeq(),
                sizes(r.beyondHead()), r.orphans(), r.ignored()), "FAILED " + f + ignoredNote(r));
        return ExitCodes.VERIFICATION_FAILED;
    }

    /** The human line's tail: the signed checkpoints the head was held to, orphans, then the checkpoint objects not used. */
    static String notes(SegmentReport r) {
        return (r.anchors().isEmpty() ? "" : "; " + r.anchors().size() + " signed checkpoint(s) agree with it")
                + (r.orphans().isEmpty() ? "" : "; orphans: " + r.orphans()) + ignoredNote(r);
    }

    private static String ignoredNote(SegmentReport r) {
        return r.ignored().isEmpty() ? "" : "; ignored " + r.ignored().size() + " checkpoint object(s) that do not verify with the key: "
                + r.ignored().stream().map(i -> i.checkpoint() + " (" + i.reason() + ")").collect(Collectors.joining(", "));
    }

    static List<Size> sizes(List<Anchor> anchors) {
        return anchors.stream().map(a -> new Size(a.source(), a.size())).toList();
    }

    /** A signed checkpoint by where it was found and its tree size. */
    record Size(String checkpoint, long size) {}

    private record Verified(boolean ok, long segments, long events, String head, long headSeq, List<String> orphans,
                            List<Size> checkpoints, List<IgnoredCheckpoint> ignoredCheckpoints) {}

    private record Failed(boolean ok, String segment, long seq, String code, String reason, long verifiedSegments, long headSeq,
                          List<Size> beyondHead, List<String> orphans, List<IgnoredCheckpoint> ignoredCheckpoints) {}
}
