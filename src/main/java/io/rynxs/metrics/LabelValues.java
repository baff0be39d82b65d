package io.rynxs.metrics;

import io.rynxs.event.EventType;
import io.rynxs.state.KnownEventType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The only values the labels fed by outside input may take. Every label value is a time series that
 * Prometheus keeps for as long as it retains data, so none may come from a name a caller chose: any
 * producer with the {@code create} permission picks its own event types. (Paths need nothing here: the API
 * reports its route template, or {@code unmatched}, never the path it was sent.)
 */
final class LabelValues {
    /**
     * Every external type ({@code audit.*}, {@code legacy.*}, any dotted name) in one series. Not one per
     * first dotted component: the producer chooses that too, so it is exactly as unbounded as the whole
     * name. Per-type counts are in the log itself ({@code GET /api/v1/events?type=}, the state's {@code counts}).
     */
    static final String EXTERNAL = "external";
    /**
     * An operator-style name this version does not write: a newer leader's type applied by a follower from
     * the bucket, or one appended with {@code rynxs append}. The API refuses operator-style names.
     */
    static final String OTHER = "other";

    /** The operator's types, then the two buckets: the whole {@code event_type} set, created at zero at start. */
    static final List<String> EVENT_TYPES =
            Stream.concat(Stream.of(KnownEventType.values()).map(Enum::name), Stream.of(EXTERNAL, OTHER)).toList();

    /**
     * The statuses openapi.yaml documents, plus 405 and 500 which any route can answer, kept as themselves;
     * any other code is counted under its class ({@code 4xx}), so a handler that starts sending a new code
     * adds at most a class, never a series per code.
     */
    private static final Set<Integer> KEPT = Set.of(200, 201, 304, 400, 401, 403, 404, 405, 406, 409, 413, 415, 500, 503);
    static final Set<String> STATUSES = Stream.concat(KEPT.stream().map(String::valueOf), Stream.of("1xx", "2xx", "3xx", "4xx", "5xx"))
            .collect(Collectors.toUnmodifiableSet());

    private LabelValues() {}

    /**
     * The {@code event_type} label of a stored event's type. Stored types passed {@link EventType#check}, so
     * one that is not operator-style is external. {@code isOperator} stops at the first lower-case letter, so
     * the writer thread, which calls this for every event, runs no regular expression.
     */
    static String eventType(String type) {
        if (KnownEventType.of(type) != null) {
            return type;
        }
        return EventType.isOperator(type) ? OTHER : EXTERNAL;
    }

    /** The {@code status} label of a response with this code (codes outside 100..599 are never sent; they count as 5xx). */
    static String status(int code) {
        if (KEPT.contains(code)) {
            return String.valueOf(code);
        }
        return code >= 100 && code < 500 ? (code / 100) + "xx" : "5xx";
    }
}
