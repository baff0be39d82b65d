package io.rynxs.cli;

import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.console.Output;
import io.rynxs.console.ProgressOption;
import io.rynxs.console.SinkOption;
import io.rynxs.console.UsageException;
import io.rynxs.segment.IgnoredCheckpoint;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentReport;
import io.rynxs.shipping.Restore;
import io.rynxs.shipping.Restored;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.state.SnapshotPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs restore}: rebuilds a new database from shipped segments, verifying everything on the way. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Rebuild a new SQLite log from segments: each segment is verified in full before its events go in,"
                + " and each segment checkpoint is checked against the rebuilt log (state hash included) and stored."
                + " The database is loaded into DB.restoring (no journal, indexes built at the end) and renamed to DB only when complete."
                + " Exit 1 names the first segment that does not verify, or (TRUNCATED) the signed checkpoints the sink still holds"
                + " beyond what could be restored; on any failure nothing is left at DB. With --to-seq, what the sink holds"
                + " beyond N is not asked for. The output reports what was restored and, apart, what was verified.",
        footer = {"", "Examples:",
                "  rynxs restore --from s3://audit/events/ --db /data/events.db --vkey keys/verifier.vkey",
                "  rynxs restore --from ./audit-copy --db /tmp/at-5000.db --vkey keys/verifier.vkey --to-seq 5000 --json",
                "  rynxs restore --from s3://audit/events/ --db /tmp/new.db --vkey keys/verifier.vkey --checkpoint last-week.note"})
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URI", description = "s3://bucket/prefix/, file:///dir/ or a directory.")
    String from;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "New SQLite database file (must not exist yet).")
    Path db;

    @Option(names = "--vkey", required = true, paramLabel = "KEY", description = "Verifier key string, or a file holding one (verifier.vkey).")
    String vkey;

    @Option(names = "--to-seq", defaultValue = "0", paramLabel = "N", description = "Stop after this seq (default: everything).")
    long toSeq;

    @Mixin
    AnchorOptions anchor;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws IOException {
        if (toSeq < 0) {
            throw new UsageException("--to-seq must be 0 (everything) or more");
        }
        if (Files.exists(db)) {
            throw new UsageException("restore into " + db + ": the file exists (restore into a new file, then move it into place)");
        }
        var key = KeyFiles.readVerifierKey(vkey);
        var anchors = anchor.anchors();
        Restored r;
        try (SegmentLocation location = SinkOption.open(from)) {
            // Loaded into DB.restoring and renamed only once complete: on any failure there is nothing at --db.
            ObjectStore sink = SinkProgress.reads(location.store(), location.layout(), progress.start(spec), "restore: read", toSeq);
            r = new Restore(sink, location.layout(), key, Clock.systemUTC()).runInto(db, SnapshotPolicy.DEFAULT, toSeq, false, anchors);
        }
        SegmentReport v = r.verified();
        if (!r.ok()) {
            return SegmentsVerifyCommand.printFailure(spec, json, v);
        }
        String human = "ok: restored " + r.events() + " events (" + r.segments() + " whole segments) into " + db + ", head seq "
                + r.headSeq() + " " + r.head() + (r.stateHash() == null ? "" : ", state " + r.stateHash()) + "; verified "
                + v.segments() + " segments, " + v.events() + " events, through seq " + v.headSeq() + SegmentsVerifyCommand.notes(v);
        Output.print(spec, json, new RestoredJson(true, r.segments(), r.events(), r.headSeq(), r.head(), r.stateHash(),
                new VerifiedJson(v.segments(), v.events(), v.headSeq(), v.head(), SegmentsVerifyCommand.sizes(v.anchors())),
                v.orphans(), v.ignored()), human);
        return ExitCodes.OK;
    }

    /** What went into the database at the top level; what the sink showed under {@code verified}. */
    private record RestoredJson(boolean ok, int segments, long events, long headSeq, String head, String stateHash, VerifiedJson verified,
                                List<String> orphans, List<IgnoredCheckpoint> ignoredCheckpoints) {}

    private record VerifiedJson(long segments, long events, long headSeq, String head, List<SegmentsVerifyCommand.Size> checkpoints) {}
}
