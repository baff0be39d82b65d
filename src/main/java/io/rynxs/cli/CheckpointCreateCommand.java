package io.rynxs.cli;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.store.EventLog;
import io.rynxs.store.StoredCheckpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs checkpoint create}: sign the current head. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Sign a checkpoint at the head and print the note (an existing checkpoint of that size is printed again).",
        footer = {"", "Example:", "  rynxs checkpoint create --db data/events.db --key keys/signing.key"})
final class CheckpointCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "PKCS#8 PEM signing key (from rynxs keygen).")
    Path key;

    @Option(names = "--origin", paramLabel = "O", defaultValue = "${env:RYNXS_CHECKPOINT_ORIGIN}",
            description = "Key name / log origin (default: RYNXS_CHECKPOINT_ORIGIN, else the verifier.vkey beside the key).")
    String origin;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Ed25519Signer signer = origin == null ? KeyFiles.readSigner(key) : KeyFiles.readSigner(key, origin);
        try (EventLog log = EventLog.open(db.existing())) {
            Audits.require("checkpoint create", log, signer.verifierKey());
            StoredCheckpoint c = log.checkpoints().create(signer);
            Created out = new Created(c.treeSize(), c.origin(), c.root(), c.chainHash(), c.stateHash(), c.note());
            if (json) {
                Output.print(spec, true, out, null);
            } else {
                spec.commandLine().getOut().print(c.note());
                spec.commandLine().getOut().flush();
            }
        }
        return ExitCodes.OK;
    }

    private record Created(long treeSize, String origin, String root, String chainHash, String stateHash, String note) {}
}
