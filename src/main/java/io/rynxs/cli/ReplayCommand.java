package io.rynxs.cli;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.state.State;
import io.rynxs.store.EventLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs replay}: what the operator knew after event N. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay the log to a seq and print the state and its hash (the rynxs-state line of a checkpoint).",
        footer = {"", "Example:", "  rynxs replay --db data/events.db --at-seq 1200 --json | jq .state.agents"})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--at-seq", paramLabel = "N", description = "Seq to replay to (default: the head).")
    Long atSeq;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        try (EventLog log = EventLog.open(db.existing())) {
            long seq = atSeq == null ? log.store().head().seq() : atSeq;
            State state = log.history().at(seq);
            Replayed out = new Replayed(state.seq(), state.hash(), state.toJson().toMap());
            Output.print(spec, json, out, "seq " + state.seq() + " stateHash " + state.hash() + "\n" + state.toJson().text());
        }
        return ExitCodes.OK;
    }

    private record Replayed(long seq, String stateHash, Object state) {}
}
