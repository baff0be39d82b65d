package io.rynxs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rynxs tiles}: the standard tiled log (C2SP tlog-tiles) that shipping writes beside the segments. */
@Command(name = "tiles", mixinStandardHelpOptions = true,
        description = "Check the C2SP tiled log (checkpoint, hash tiles, entry bundles) that shipping writes beside the segments.",
        subcommands = {TilesVerifyCommand.class},
        footer = {"", "Example:", "  rynxs tiles verify --from s3://audit/events/ --vkey keys/verifier.vkey --json"})
final class TilesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose verify");
    }
}
