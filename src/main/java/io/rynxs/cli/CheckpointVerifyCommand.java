package io.rynxs.cli;

import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.checkpoint.VerificationResult;
import io.rynxs.checkpoint.VerifierKey;
import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.store.AuditFinding;
import io.rynxs.store.CheckpointAudit;
import io.rynxs.store.EventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs checkpoint verify}: every check of a checkpoint (docs/DESIGN.md, Checkpoints), each failure with its own code and exit 1. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a checkpoint note: signature, Merkle root, chain hash and replayed state hash.",
        footer = {"", "Codes: OK, MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE, BEYOND_HEAD, ROOT_MISMATCH, CHAIN_MISMATCH, STATE_MISMATCH",
                "Example:", "  rynxs checkpoint verify --db data/events.db --vkey keys/verifier.vkey --note cp.note --json"})
final class CheckpointVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--vkey", required = true, paramLabel = "VKEY_OR_FILE", description = "Verifier key string, or a file holding it.")
    String vkey;

    @Option(names = "--note", required = true, paramLabel = "FILE", description = "The signed checkpoint note; '-' reads stdin.")
    Path note;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        VerifierKey key;
        try {
            key = KeyFiles.readVerifierKey(vkey);
        } catch (IllegalArgumentException e) {
            throw new UsageException("checkpoint verify: " + e.getMessage());
        }
        byte[] bytes = "-".equals(note.toString()) ? System.in.readAllBytes() : Files.readAllBytes(note);
        CheckpointAudit audit;
        try (EventLog log = EventLog.open(db.existing())) {
            audit = log.checkpoints().verify(bytes, key);
        }
        VerificationResult r = audit.result();
        AuditFinding f = audit.finding();
        Verdict out = new Verdict(r.ok(), r.code().name(), r.message(), f == null ? null : f.seq(), f == null ? null : f.code().name());
        Output.print(spec, json, out, (r.ok() ? "ok: " : "FAILED " + r.code() + ": ") + r.message());
        return r.ok() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }

    /** The verdict; {@code seq} and {@code finding} only when the rows are at fault. */
    private record Verdict(boolean ok, String code, String message, Long seq, String finding) {}
}
