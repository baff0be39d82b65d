package io.rynxs.cli;

import io.rynxs.console.DbOption;
import io.rynxs.console.UsageException;
import io.rynxs.event.Event;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs events}: history as NDJSON, each line the canonical event with its hash (the segment line format). */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print events as NDJSON: each line is the canonical event with its hash, as in segments.",
        footer = {"", "Examples:",
                "  rynxs events --db data/events.db --after-seq 100 --limit 10",
                "  rynxs events --db data/events.db --aggregate agent/default/alpha | jq .type"})
final class EventsCommand implements Callable<Integer> {
    private static final int PAGE = 1_000;

    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--after-seq", defaultValue = "0", paramLabel = "N", description = "Only events with seq > N.")
    long afterSeq;

    @Option(names = "--limit", paramLabel = "L", description = "At most L events (default: all).")
    Long limit;

    @Option(names = "--type", description = "Only events of this type.")
    String type;

    @Option(names = "--aggregate", description = "Only events about this aggregate.")
    String aggregate;

    @Option(names = "--json", description = "Accepted for symmetry: the output is always NDJSON.")
    boolean json;

    @Override
    public Integer call() {
        if (afterSeq < 0) {
            throw new UsageException("--after-seq " + afterSeq + " is negative (allowed: 0 or more)");
        }
        if (limit != null && limit < 1) {
            throw new UsageException("--limit " + limit + " is below 1 (allowed: 1 or more)");
        }
        PrintWriter out = spec.commandLine().getOut();
        long remaining = limit == null ? Long.MAX_VALUE : limit;
        long after = afterSeq;
        try (EventStore store = EventStore.open(db.existing())) {
            while (remaining > 0) {
                int page = (int) Math.min(PAGE, remaining);
                EventQuery q = EventQuery.after(after, page).withType(type).withAggregate(aggregate);
                List<Event> events = store.events(q);
                for (Event e : events) {
                    out.println(e.line());
                }
                remaining -= events.size();
                if (events.size() < page) {
                    break;
                }
                after = events.get(events.size() - 1).seq();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
