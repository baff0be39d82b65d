package io.rynxs.cli;

import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.console.Output;
import io.rynxs.console.SinkOption;
import io.rynxs.segment.SegmentFailure;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.shipping.SegmentLocation;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", r.ok());
        if (r.ok()) {
            out.put("segments", (long) r.segments());
            out.put("events", r.events());
            out.put("head", r.head());
            out.put("headSeq", r.headSeq());
            out.put("orphans", r.orphans());
            Output.print(spec, json, out, "ok: " + r.segments() + " segments, " + r.events() + " events verified, head seq "
                    + r.headSeq() + " " + r.head() + (r.orphans().isEmpty() ? "" : "; orphans: " + r.orphans()));
            return ExitCodes.OK;
        }
        SegmentFailure f = r.failure().orElseThrow();
        out.put("segment", f.segment());
        out.put("seq", f.seq());
        out.put("code", f.code().name());
        out.put("reason", f.reason());
        out.put("verifiedSegments", (long) r.segments());
        out.put("orphans", r.orphans());
        Output.print(spec, json, out, "FAILED " + f.code() + " in " + f.segment() + " at seq " + f.seq() + ": " + f.reason());
        return ExitCodes.VERIFICATION_FAILED;
    }
}
