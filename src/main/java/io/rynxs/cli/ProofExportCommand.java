package io.rynxs.cli;

import io.rynxs.checkpoint.SignedNote;
import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.store.EventLog;
import io.rynxs.store.ProofExport;
import io.rynxs.tlog.ProofFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs proof export}: the C2SP tlog-proof file of one event, for an auditor to check with no database and no network. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the C2SP tlog-proof file of event SEQ: the event's canonical line (extra), its inclusion path and the"
                + " newest cosigned (else newest) checkpoint that covers it, with its signature and the witnesses' cosignatures."
                + " Check it with rynxs proof verify or any tlog-proof client (docs/auditing.md).",
        footer = {"", "Example:", "  rynxs proof export --db data/events.db --seq 3000 --to seq-3000.tlog-proof"})
final class ProofExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--seq", required = true, paramLabel = "N", description = "The event to prove.")
    long seq;

    @Option(names = "--to", paramLabel = "FILE", description = "Write the file here (atomically) instead of to standard output.")
    Path to;

    @Option(names = "--json", description = "With --to: print what was written as JSON.")
    boolean json;

    @Override
    public Integer call() {
        ProofFile proof;
        try (EventLog log = EventLog.open(db.existing())) {
            try {
                proof = new ProofExport(log.store(), log.checkpoints()).of(seq);
            } catch (ProofExport.NoProof e) {
                spec.commandLine().getErr().println("proof export: " + e.getMessage());
                return ExitCodes.USAGE_OR_IO;
            }
        }
        byte[] bytes = proof.toBytes();
        if (to == null) {
            spec.commandLine().getOut().print(new String(bytes, StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        write(to, bytes);
        long treeSize = SignedNote.text(proof.checkpoint()).lines().skip(1).findFirst().map(Long::parseLong).orElse(-1L);
        Output.print(spec, json, new Written(to.toString(), seq, treeSize, bytes.length),
                "wrote " + to + ": seq " + seq + " in the checkpoint of tree size " + treeSize + " (" + bytes.length + " bytes)");
        return ExitCodes.OK;
    }

    private static void write(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("proof export: write " + file + ": " + e.getMessage() + " (check the directory exists and is writable)", e);
        }
    }

    private record Written(String file, long seq, long treeSize, int bytes) {}
}
