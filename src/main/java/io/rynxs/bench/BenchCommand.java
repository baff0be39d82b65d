package io.rynxs.bench;

import picocli.CommandLine.Command;

/** {@code rynxs bench}: measurements next to a raw baseline taken in the same run on the same machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print their figure, a raw baseline from the same run, and the ratio.",
        subcommands = {BenchAppendCommand.class, BenchVerifyCommand.class, BenchReplayCommand.class, BenchProofCommand.class, BenchApiCommand.class,
                BenchShipCommand.class, BenchSegmentsCommand.class, BenchOperatorCommand.class},
        footer = {"", "Examples:",
                "  rynxs bench append --db /tmp/bench.db --events 200000 --writers 64 --json",
                "  rynxs bench verify --db /tmp/bench.db --json",
                "  rynxs bench ship --db /tmp/bench.db --sink file:///tmp/bench-sink/ --json"})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose a benchmark: append, verify, replay, proof, api, ship, segments or operator");
    }
}
