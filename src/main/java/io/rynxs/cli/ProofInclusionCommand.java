package io.rynxs.cli;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.merkle.ProofJson;
import io.rynxs.store.EventStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs proof inclusion}: the audit path of one event in the tree of a given size. */
@Command(name = "inclusion", mixinStandardHelpOptions = true,
        description = "Inclusion proof of event SEQ (leaf SEQ-1) in the Merkle tree of the first M events.",
        footer = {"", "Example:", "  rynxs proof inclusion --db data/events.db --seq 5 --tree-size 8 --json"})
final class ProofInclusionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--seq", required = true, paramLabel = "N", description = "The event to prove.")
    long seq;

    @Option(names = "--tree-size", paramLabel = "M", description = "Tree size (default: the head).")
    Long treeSize;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        try (EventStore store = EventStore.open(db.existing())) {
            long size = treeSize == null ? store.head().seq() : treeSize;
            Hash32 root = store.root(size);
            InclusionProof proof = store.checkedInclusionProof(seq, size, root);
            Output.print(spec, json, ProofJson.Inclusion.of(seq, proof, root),
                    "event " + seq + " is in the tree of size " + size + " with root " + root.hex() + "; path: " + proof.hashes());
        }
        return ExitCodes.OK;
    }
}
