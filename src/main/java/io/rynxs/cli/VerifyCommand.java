package io.rynxs.cli;

import io.rynxs.store.EventStore;
import io.rynxs.store.VerifyResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs verify}: recomputes every hash and link; exit 1 names the first bad seq. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify the hash chain of the log: every hash recomputed, every prev link checked.",
        footer = {"", "Examples:",
                "  rynxs verify --db data/events.db --json",
                "  rynxs verify --db data/events.db --from-seq 1000 --to-seq 2000"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--from-seq", defaultValue = "1", paramLabel = "N",
            description = "First seq to check (default 1; a later start trusts the stored hash before it).")
    long fromSeq;

    @Option(names = "--to-seq", defaultValue = "0", paramLabel = "N", description = "Last seq to check (default: the head).")
    long toSeq;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        if (fromSeq < 1 || toSeq < 0) {
            throw new UsageException("--from-seq must be 1 or more and --to-seq 0 (head) or more");
        }
        VerifyResult r;
        try (EventStore store = EventStore.open(db.existing())) {
            r = store.verify(fromSeq, toSeq);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", r.ok());
        if (r.ok()) {
            out.put("events", r.checked());
            out.put("head", r.head());
            out.put("headSeq", r.headSeq());
            Output.print(spec, json, out, "ok: " + r.checked() + " events verified, head seq " + r.headSeq() + " " + r.head());
            return ExitCodes.OK;
        }
        out.put("seq", r.failedSeq());
        out.put("reason", r.reason());
        out.put("checked", r.checked());
        Output.print(spec, json, out, "FAILED at seq " + r.failedSeq() + ": " + r.reason());
        return ExitCodes.VERIFICATION_FAILED;
    }
}
