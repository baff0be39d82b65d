package io.rynxs.cli;

import io.rynxs.bench.BenchCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point of the single {@code rynxs} jar: wires the commands and maps failures to exit codes. */
@Command(name = "rynxs",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Tamper-evident, replayable event log for the rynxs operator.",
        subcommands = {
                ServeCommand.class,
                AppendCommand.class,
                EventsCommand.class,
                VerifyCommand.class,
                ReplayCommand.class,
                KeygenCommand.class,
                CheckpointCommand.class,
                ProofCommand.class,
                SegmentsCommand.class,
                TilesCommand.class,
                RestoreCommand.class,
                WhyCommand.class,
                BenchCommand.class,
                ImportLegacyCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 ok, 1 verification failed, 2 usage or I/O error.",
                "Docs: README.md, docs/FORMAT.md, docs/ARCHITECTURE.md"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // NDJSON and hashes are defined over UTF-8 bytes: stdout must not follow a non-UTF-8 locale (LC_ALL=C prints '?').
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler(new Failures());
        cli.setParameterExceptionHandler(new Failures());
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see rynxs --help)");
    }
}
