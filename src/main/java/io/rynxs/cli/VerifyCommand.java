package io.rynxs.cli;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.checkpoint.VerifierKey;
import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.Progress;
import io.rynxs.console.ProgressOption;
import io.rynxs.console.SinkOption;
import io.rynxs.console.UsageException;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.SinkCommitments;
import io.rynxs.store.AuditFinding;
import io.rynxs.store.AuditReport;
import io.rynxs.store.Commitment;
import io.rynxs.store.EventLog;
import io.rynxs.store.LogAudit;
import io.rynxs.store.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rynxs verify}: the audit of the whole log (every row re-hashed and linked, the Merkle tree rebuilt from
 * the rows and held to every stored checkpoint and sealed segment, the newest checkpoint's state line) and,
 * with {@code --sink} or {@code --checkpoint}, to commitments kept outside the database. Exit 1 names the first
 * bad seq or the commitment the rows contradict.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify the log: every row re-hashed and linked, the Merkle tree rebuilt from the rows and held to every",
                "signed checkpoint and sealed segment the database records (and to the sink's and your own with --sink and",
                "--checkpoint), the newest checkpoint's state replayed. A log shorter than what it signed is a failure."},
        footer = {"", "Examples:",
                "  rynxs verify --db data/events.db --json",
                "  rynxs verify --db data/events.db --vkey keys/verifier.vkey --sink s3://bucket/events/ --json",
                "  rynxs verify --db data/events.db --vkey keys/verifier.vkey --checkpoint my-copy.note",
                "  rynxs verify --db data/events.db --from-seq 1000 --to-seq 2000   (the chain of a range only)"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Mixin
    ProgressOption progress;

    @Option(names = "--from-seq", defaultValue = "1", paramLabel = "N",
            description = "First seq to check (default 1). A later start checks the chain of the range only, trusting the stored hash before it.")
    long fromSeq;

    @Option(names = "--to-seq", defaultValue = "0", paramLabel = "N", description = "Last seq to check (default: the head).")
    long toSeq;

    @Option(names = "--vkey", paramLabel = "VKEY_OR_FILE",
            description = "The log's verifier key: checks the signatures of the stored checkpoints (needed by --sink and --checkpoint).")
    String vkey;

    @Option(names = "--sink", paramLabel = "URI",
            description = "Also hold the rows to the sink's newest signed checkpoints (s3://bucket/prefix/, file:///dir/), and name the"
                    + " first row that differs from the shipped segments.")
    String sink;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Also hold the rows to this signed checkpoint note (your own copy).")
    List<Path> notes = new ArrayList<>();

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (fromSeq < 1 || toSeq < 0) {
            throw new UsageException("--from-seq must be 1 or more and --to-seq 0 (head) or more");
        }
        VerifierKey key = vkey == null ? null : key();
        if (key == null && (sink != null || !notes.isEmpty())) {
            throw new UsageException("--sink and --checkpoint need --vkey (the log's verifier key checks what they say)");
        }
        if (fromSeq > 1) {
            if (sink != null || !notes.isEmpty()) {
                throw new UsageException("--from-seq checks the chain of a range only; drop it to hold the log to --sink or --checkpoint");
            }
            return chainOnly();
        }
        List<Commitment> external = new ArrayList<>();
        for (Path note : notes) {
            try {
                external.add(Commitment.of(Checkpoint.open(Files.readAllBytes(note), key), "checkpoint " + note));
            } catch (CheckpointException e) {
                throw new UsageException("--checkpoint " + note + ": " + e.getMessage());
            }
        }
        AuditReport r;
        try (EventLog log = EventLog.open(db.existing())) {
            Progress shown = progress.start(spec);
            LogAudit audit = new LogAudit(log.store(), log.history(), key).withCommitments(external)
                    .withProgress((done, total) -> shown.at("verify:", done, total, "events"));
            List<String> sinkNotes = List.of();
            SegmentLocation location = sink == null ? null : SinkOption.open(sink);
            try {
                if (location != null) {
                    SinkCommitments shipped = SinkCommitments.read(location.store(), location.layout(), key);
                    audit = audit.withCommitments(shipped.commitments()).withShipped(shipped);
                    sinkNotes = shipped.notes();
                }
                r = audit.run(toSeq);
            } finally {
                if (location != null) {
                    location.close();
                }
            }
            List<String> all = new ArrayList<>(r.notes());
            all.addAll(sinkNotes);
            return print(r, all);
        }
    }

    private int print(AuditReport r, List<String> notes) {
        List<String> shown = notes.isEmpty() ? null : notes;
        if (r.ok()) {
            Output.print(spec, json, new Passed(true, r.checked(), r.head(), r.headSeq(), (long) r.commitments(), r.committedThrough(), shown),
                    "ok: " + r.checked() + " events verified, head seq " + r.headSeq() + " " + r.head() + "; held to "
                    + r.commitments() + " commitments through size " + r.committedThrough() + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
            return ExitCodes.OK;
        }
        AuditFinding f = r.finding();
        Output.print(spec, json, new Failed(false, f.seq(), f.code().name(), f.reason(), f.commitment(), r.checked(), shown),
                "FAILED " + f.describe());
        return ExitCodes.VERIFICATION_FAILED;
    }

    private int chainOnly() {
        VerifyResult r;
        try (EventLog log = EventLog.open(db.existing())) {
            r = log.store().verify(fromSeq, toSeq);
        }
        if (r.ok()) {
            Output.print(spec, json, new Passed(true, r.checked(), r.head(), r.headSeq(), null, null, null),
                    "ok: " + r.checked() + " events of the chain verified, head seq " + r.headSeq() + " " + r.head());
            return ExitCodes.OK;
        }
        Output.print(spec, json, new Failed(false, r.failedSeq(), null, r.reason(), null, r.checked(), null), "FAILED at seq " + r.failedSeq()
                + ": " + r.reason());
        return ExitCodes.VERIFICATION_FAILED;
    }

    /** A log that verifies; the audit adds what it was held to, the chain of a range leaves those out. */
    private record Passed(boolean ok, long events, String head, long headSeq, Long commitments, Long committedThrough, List<String> notes) {}

    /** The first finding; the audit names its code and the commitment it contradicts. */
    private record Failed(boolean ok, long seq, String code, String reason, String commitment, long checked, List<String> notes) {}

    private VerifierKey key() {
        try {
            return KeyFiles.readVerifierKey(vkey);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--vkey: " + e.getMessage());
        }
    }
}
