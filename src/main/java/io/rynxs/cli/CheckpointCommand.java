package io.rynxs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rynxs checkpoint}: sign the head, or verify a signed checkpoint against the log. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Create or verify signed checkpoints (C2SP signed notes).",
        subcommands = {CheckpointCreateCommand.class, CheckpointVerifyCommand.class},
        footer = {"", "Examples:",
                "  rynxs checkpoint create --db data/events.db --key keys/signing.key > cp.note",
                "  rynxs checkpoint verify --db data/events.db --vkey keys/verifier.vkey --note cp.note --json"})
final class CheckpointCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose create or verify");
    }
}
