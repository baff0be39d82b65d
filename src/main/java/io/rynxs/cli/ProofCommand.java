package io.rynxs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rynxs proof}: RFC 6962 inclusion and consistency proofs, checked before they are printed. */
@Command(name = "proof", mixinStandardHelpOptions = true,
        description = "RFC 6962 Merkle proofs (each verified by the CLI before printing), and C2SP tlog-proof files: export and offline verify.",
        subcommands = {ProofInclusionCommand.class, ProofConsistencyCommand.class, ProofExportCommand.class, ProofVerifyCommand.class},
        footer = {"", "Examples:",
                "  rynxs proof inclusion --db data/events.db --seq 5 --tree-size 8 --json",
                "  rynxs proof consistency --db data/events.db --from 4 --to 8 --json",
                "  rynxs proof export --db data/events.db --seq 5 --to seq-5.tlog-proof",
                "  rynxs proof verify seq-5.tlog-proof --policy audit.policy"})
final class ProofCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose inclusion, consistency, export or verify");
    }
}
