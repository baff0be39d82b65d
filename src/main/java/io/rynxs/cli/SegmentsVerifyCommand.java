package io.rynxs.cli;

import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.segment.SegmentFailure;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.shipping.SegmentLocation;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs segments verify}: checks shipped segments from genesis with nothing but the verifier key; exit 1 names the first failure. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify shipped segments: every line, hash and link, every manifest and checksum, the manifest chain,"
                + " the Merkle root and the signed checkpoint of each segment. Orphan segment objects are listed, not failures.",
        footer = {"", "Example:", "  rynxs segments verify --from s3://audit/events/ --vkey keys/verifier.vkey --json"})
final class SegmentsVerifyCommand implements Callable<Integer> {
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
        SegmentReport r;
        try (SegmentLocation location = SinkOption.open(from)) {
            r = new SegmentVerifier(location.store(), location.layout(), KeyFiles.readVerifierKey(vkey)).verify();
        }
        return print(spec, json, r);
    }

    static int print(CommandSpec spec, boolean json, SegmentReport r) {
        if (r.ok()) {
            Output.print(spec, json, new Verified(true, r.segments(), r.events(), r.head(), r.headSeq(), r.orphans()), "ok: " + r.segments() + " segments, " + r.events() + " events verified, head seq "
                    + r.headSeq() + " " + r.head() + (r.orphans().isEmpty() ? "" : "; orphans: " + r.orphans()));
            return ExitCodes.OK;
        }
        SegmentFailure f = r.failure().orElseThrow();
        Output.print(spec, json, new Failed(false, f.segment(), f.seq(), f.code().name(), f.reason(), r.segments(), r.orphans()), "FAILED " + f);
        return ExitCodes.VERIFICATION_FAILED;
    }

    private record Verified(boolean ok, long segments, long events, String head, long headSeq, List<String> orphans) {}

    private record Failed(boolean ok, String segment, long seq, String code, String reason, long verifiedSegments, List<String> orphans) {}
}
