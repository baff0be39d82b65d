package io.rynxs.cli;

import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.Progress;
import io.rynxs.console.ProgressOption;
import io.rynxs.console.UsageException;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventStore;
import io.rynxs.store.StoreObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rynxs append}: one event from flags, or one per line of an NDJSON file. */
@Command(name = "append", mixinStandardHelpOptions = true,
        description = "Append events to the log and print the seq and hash once they are durable.",
        footer = {"", "Examples:",
                "  rynxs append --db data/events.db --type AgentObserved --aggregate agent/default/alpha --payload '{\"role\":\"worker\"}'",
                "  rynxs append --db data/events.db --from-ndjson events.ndjson --json",
                "  (NDJSON lines: {\"type\":\"…\",\"aggregate\":\"…\",\"payload\":{…},\"meta\":{…}})",
                "",
                "Text is UTF-8. --from-ndjson checks the bytes: a line that is not UTF-8",
                "is refused as 'FILE line N: invalid UTF-8 at byte K' (K counts from 0 at",
                "the line's start) and nothing is written. --type, --aggregate, --payload",
                "and --meta arrive already decoded by the JVM: under a UTF-8 locale a byte",
                "that is not UTF-8 has become U+FFFD before rynxs sees it, cannot be told",
                "from a real U+FFFD and is appended as one (under any other locale such an",
                "argument is refused). Use --from-ndjson when the bytes must be checked."})
final class AppendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Mixin
    LimitOptions limits;

    @Mixin
    ProgressOption progress;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @ArgGroup(exclusive = false)
        Single single;

        @Option(names = "--from-ndjson", required = true, paramLabel = "FILE",
                description = "Append one event per line ({\"type\",\"aggregate\",\"payload\",\"meta\"}); '-' reads stdin."
                        + " Every line must be UTF-8 and valid, or nothing is written.")
        Path ndjson;
    }

    static final class Single {
        @Option(names = "--type", required = true, description = "Event type, e.g. AgentObserved or audit.ToolInvoked.")
        String type;

        @Option(names = "--aggregate", required = true, description = "What the event is about, e.g. agent/default/alpha.")
        String aggregate;

        @Option(names = "--payload", paramLabel = "JSON", description = "Payload object (default {}).")
        String payload;

        @Option(names = "--meta", paramLabel = "JSON", description = "Meta object (default {}).")
        String meta;
    }

    @Option(names = "--epoch", defaultValue = "0", description = "Writer epoch (default 0; refused if below the head's).")
    long epoch;

    @Option(names = "--expected-seq", paramLabel = "N", description = "Fail with a conflict unless the head seq is N.")
    Long expectedSeq;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonLimits jsonLimits = limits.toLimits();
        Progress shown = progress.start(spec);
        List<NewEvent> events = source.ndjson != null
                ? NdjsonEvents.read(source.ndjson, jsonLimits, shown)
                : List.of(single(jsonLimits));
        if (events.isEmpty()) {
            throw new UsageException("append: " + source.ndjson + " holds no events (nothing was written)");
        }
        try (EventStore store = EventStore.open(db.creating(), written(shown, events.size()))) {
            // The head check applies to the first event; the rest extend it in order once it is in.
            Event last = store.append(new AppendRequest(events.get(0), epoch, expectedSeq, null));
            if (events.size() > 1) {
                last = appendRest(store, events);
            }
            Appended out = new Appended(last.seq(), last.hash(), events.size() > 1 ? (Long) (long) events.size() : null);
            Output.print(spec, json, out, "appended " + events.size() + " event(s); head seq " + last.seq() + " hash " + last.hash());
        }
        return ExitCodes.OK;
    }

    /** Counts the events as their batches commit (on the store's writer thread), for the progress lines. */
    private static StoreObserver written(Progress shown, long total) {
        if (!shown.on()) {
            return StoreObserver.NONE;
        }
        AtomicLong done = new AtomicLong();
        return new StoreObserver() {
            @Override
            public void committed(List<Event> batch, long nanos) {
                shown.at("append: wrote", done.addAndGet(batch.size()), total, "events");
            }
        };
    }

    /**
     * The JVM decodes arguments with the locale's charset before we see them; under a non-UTF-8 locale
     * non-ASCII text arrives as U+FFFD and would be logged silently corrupted, so refuse it.
     */
    private static void checkLocale(String... args) {
        String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (charset.equalsIgnoreCase("UTF-8")) {
            return;
        }
        for (String a : args) {
            if (a != null && a.indexOf('\uFFFD') >= 0) {
                throw new UsageException("append: an argument holds characters the current locale (" + charset
                        + ") cannot decode (use a UTF-8 locale, e.g. LC_ALL=C.UTF-8, or --from-ndjson; nothing was written)");
            }
        }
    }

    /** The first event carried the head check; the rest follow it in order through group commit. */
    private Event appendRest(EventStore store, List<NewEvent> events) {
        List<AppendRequest> rest = events.subList(1, events.size()).stream().map(e -> AppendRequest.of(e, epoch)).toList();
        List<Event> written = store.appendAll(rest);
        return written.get(written.size() - 1);
    }

    private NewEvent single(JsonLimits jsonLimits) {
        Single s = source.single;
        checkLocale(s.type, s.aggregate, s.payload, s.meta);
        try {
            return NewEvent.of(s.type, s.aggregate, s.payload, s.meta, jsonLimits);
        } catch (InvalidEventException e) {
            throw new InvalidEventException(e.getMessage() + " (nothing was written)");
        }
    }

    /** The last event appended; {@code appended} counts them when there was more than one. */
    private record Appended(long seq, String hash, Long appended) {}
}
