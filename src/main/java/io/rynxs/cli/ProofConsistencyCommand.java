package io.rynxs.cli;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.merkle.ConsistencyProof;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.ProofException;
import io.rynxs.merkle.ProofJson;
import io.rynxs.store.EventStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs proof consistency}: proof that the tree of size M is a prefix of the tree of size N. */
@Command(name = "consistency", mixinStandardHelpOptions = true,
        description = "Consistency proof between the trees of the first M and the first N events.",
        footer = {"", "Example:", "  rynxs proof consistency --db data/events.db --from 4 --to 8 --json"})
final class ProofConsistencyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--from", required = true, paramLabel = "M", description = "The smaller tree size (1 or more).")
    long from;

    @Option(names = "--to", paramLabel = "N", description = "The larger tree size (default: the head).")
    Long to;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        try (EventStore store = EventStore.open(db.existing())) {
            long size = to == null ? store.head().seq() : to;
            ConsistencyProof proof = store.consistencyProof(from, size);
            Hash32 fromRoot = store.root(from);
            Hash32 toRoot = store.root(size);
            try {
                proof.verify(fromRoot, toRoot);
            } catch (ProofException e) {
                throw new IllegalStateException("proof consistency: the log produced a proof that does not verify: " + e.getMessage()
                        + " (the Merkle table disagrees with the events; run rynxs verify)");
            }
            Output.print(spec, json, ProofJson.Consistency.of(proof, fromRoot, toRoot),
                    "tree " + from + " (" + fromRoot.hex() + ") is a prefix of tree " + size + " (" + toRoot.hex() + ")");
        }
        return ExitCodes.OK;
    }
}
