package io.rynxs.console;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code --[no-]progress} option of the commands that can run long ({@link Progress}). */
public final class ProgressOption {
    @Option(names = "--progress", negatable = true,
            description = "Progress lines on stderr about once a second while it runs (default: only when stderr is a terminal;"
                    + " --progress also into a file or pipe, --no-progress never). Never on stdout.")
    public Boolean forced;

    /** The progress of the command {@code spec} runs, on its stderr. */
    public Progress start(CommandSpec spec) {
        return Progress.to(spec.commandLine().getErr(), forced);
    }
}
