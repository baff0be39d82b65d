package io.rynxs.cli;

import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.decision.OwnedKind;
import io.rynxs.store.EventLog;
import io.rynxs.store.Provenance;
import io.rynxs.store.ProvenanceReport;
import io.rynxs.store.StoreOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rynxs why}: the events that explain an object, each with its inclusion proof. */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = "Why does KIND NAMESPACE/NAME exist? The ActionApplied, ActionsDecided and AgentObserved behind it, with proofs.",
        footer = {"", "KIND is Agent, ConfigMap, PersistentVolumeClaim, Deployment or NetworkPolicy. Example:",
                "  rynxs why Deployment default agent-basic-runtime --db data/events.db"})
final class WhyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND")
    String kind;

    @Parameters(index = "1", paramLabel = "NAMESPACE")
    String namespace;

    @Parameters(index = "2", paramLabel = "NAME")
    String name;

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "data/events.db", description = "SQLite database of the log (default ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        if (!kind.equals("Agent") && OwnedKind.of(kind).isEmpty()) {
            throw new UsageException("why: kind " + kind + " is not one the operator writes (use Agent, ConfigMap, PersistentVolumeClaim,"
                    + " Deployment or NetworkPolicy)");
        }
        try (EventLog log = EventLog.open(StoreOptions.existing(db))) {
            ProvenanceReport r = new Provenance(log.store(), log.checkpoints()).explain(kind, namespace, name)
                    .orElseThrow(() -> new UsageException("why: the log has no history for " + kind + " " + namespace + "/" + name
                            + " (the operator did not create it, or it was made before this log began)"));
            StringBuilder human = new StringBuilder(kind + " " + namespace + "/" + name + " — proofs against "
                    + (r.anchor().checkpoint() ? "checkpoint" : "head") + " tree size " + r.anchor().treeSize() + " root " + r.anchor().root());
            for (ProvenanceReport.Link l : r.chain()) {
                human.append(System.lineSeparator()).append("  seq ").append(l.event().seq()).append(' ').append(l.event().type())
                        .append(' ').append(l.event().payload().text()).append(System.lineSeparator())
                        .append("    inclusion proof: leaf ").append(l.proof().leafIndex()).append(", ")
                        .append(l.proof().hashes().size()).append(" hashes, verified");
            }
            Output.print(spec, json, r.toJson(), human.toString());
        }
        return ExitCodes.OK;
    }
}
