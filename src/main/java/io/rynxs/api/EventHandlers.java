package io.rynxs.api;

import io.javalin.http.Context;
import io.rynxs.event.Aggregate;
import io.rynxs.event.Event;
import io.rynxs.event.EventType;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.event.Utf8;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import io.rynxs.store.LinePage;
import io.rynxs.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** {@code /events}: pages of history, one event, and appends from external producers. */
final class EventHandlers {
    static final int MAX_LIMIT = 1000;
    private static final Set<String> BODY_FIELDS = Set.of("type", "aggregate", "payload", "meta", "expectedSeq");

    private final EventStore store;
    private final JsonLimits limits;
    private final LongSupplier epoch;
    private final long maxBodyBytes;
    private final BooleanSupplier closing;
    private final BooleanSupplier writable;

    EventHandlers(EventStore store, JsonLimits limits, LongSupplier epoch, long maxBodyBytes, BooleanSupplier closing,
                  BooleanSupplier writable) {
        this.writable = writable;
        this.store = store;
        this.limits = limits;
        this.epoch = epoch;
        this.maxBodyBytes = maxBodyBytes;
        this.closing = closing;
    }

    void list(Context ctx) {
        Params p = Params.of(ctx, "afterSeq", "beforeSeq", "limit", "order", "type", "aggregate", "since", "until", "cursor");
        int limit = (int) p.number("limit", 1, MAX_LIMIT, 100);
        EventQuery q = p.has("cursor") ? fromCursor(p, limit) : query(p, limit);
        // One more than asked tells whether a next page exists without a second query.
        LinePage events = store.linePage(new EventQuery(q.afterSeq(), q.beforeSeq(), limit + 1, q.descending(), q.type(),
                q.aggregate(), q.since(), q.until()));
        boolean more = events.size() > limit;
        int count = more ? limit : events.size();
        String next = more ? "\"" + Cursor.next(q, events.seqs()[count - 1]) + "\"" : "null";
        Responses.send(ctx, PageBody.of(events, count, next), Responses.JSON, pageTag(ctx, events, count, next), false);
    }

    /**
     * The log is append-only, so a page is fixed by its query and the events it holds; their first and last
     * hashes and count stand in for the whole body, which would cost a SHA-256 of every byte to tag.
     */
    private static String pageTag(Context ctx, LinePage page, int count, String next) {
        String first = count == 0 ? "" : page.hash(0);
        String last = count == 0 ? "" : page.hash(count - 1);
        return Sha256.hex((ctx.queryString() + "|" + first + "|" + last + "|" + count + "|" + next)
                .getBytes(StandardCharsets.UTF_8));
    }

    void one(Context ctx) {
        Params.of(ctx);
        long seq = Params.path(ctx, "seq", 1, Json.MAX_SAFE_INTEGER);
        Event e = store.event(seq).orElseThrow(() -> ApiProblem.notFound("seq " + seq + " is beyond the head (head seq "
                + store.head().seq() + "; allowed: 1.." + store.head().seq() + ")"));
        Responses.send(ctx, e.line().getBytes(StandardCharsets.UTF_8), Responses.JSON, e.hash(), true);
    }

    void append(Context ctx) {
        Params.of(ctx);
        if (closing.getAsBoolean()) {
            throw new ApiProblem(503, "store-unavailable", "Store unavailable", "the server is shutting down (retry against another instance)",
                    Map.of("Retry-After", "1"));
        }
        StoreException refused = store.refusal("append");
        if (refused != null) {
            throw refused;
        }
        if (!writable.getAsBoolean()) {
            throw new ApiProblem(503, "not-the-leader", "Not the leader", "this instance is a follower: it serves reads up to the"
                    + " segments it holds but takes no appends (send them to the leader; /readyz tells which one leads)",
                    Map.of("Retry-After", "1"));
        }
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).split(";")[0].strip().equals("application/json")) {
            throw new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                    "Content-Type " + (contentType == null ? "(missing)" : "\"" + Params.shorten(contentType) + "\"")
                            + " is not allowed (send application/json)");
        }
        checkCharset(contentType);
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) {
            drain(ctx, declared, maxBodyBytes);
            throw ProblemMapper.tooLarge("the request body of " + declared + " bytes");
        }
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > maxBodyBytes) {
            throw ProblemMapper.tooLarge("the request body of " + raw.length + " bytes");
        }
        // Strict: a byte that is not UTF-8 is a 400 naming its offset, never a U+FFFD in the log.
        String text = Utf8.decode(raw, "request body", "send the body as UTF-8");
        AppendRequest request = parse(text, AuthFilter.caller(ctx), TraceIds.of(ctx));
        ctx.future(() -> store.appendAsync(request).thenAccept(e -> {
            ctx.status(201).header("Location", "/api/v1/events/" + e.seq());
            Responses.json(ctx, new AppendedJson(e.seq(), e.hash()));
        }));
    }

    /**
     * JSON is UTF-8 (RFC 8259 section 8.1), and this server decodes nothing else: a body declared in another
     * charset would otherwise be read as UTF-8 and logged as text its sender did not mean.
     */
    /** A body up to this much over the limit is read and dropped before the 413, so that the client reads the answer. */
    static final long DRAIN_OVER_LIMIT = 1024 * 1024;

    /**
     * Reads and discards a too-large body of up to {@link #DRAIN_OVER_LIMIT} bytes over the limit. Answering while the client is
     * still sending makes the server close a socket with unread bytes in it, and the client's TCP stack then
     * throws away the 413 it had received (a reset instead of an answer). A larger body is not read: the
     * connection is closed on it, and the idle timeout and minimum data rate bound how long it can hold a thread.
     */
    private static void drain(Context ctx, long declared, long limit) {
        if (declared > limit + DRAIN_OVER_LIMIT) {
            return;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] sink = new byte[16 * 1024];
            long left = declared;
            while (left > 0) {
                int n = in.read(sink, 0, (int) Math.min(sink.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException e) {
            // The client went away or stalled: the 413 is still the answer, on a connection about to close.
        }
    }

    private static void checkCharset(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0 || !parts[i].substring(0, eq).strip().equalsIgnoreCase("charset")) {
                continue;
            }
            String charset = parts[i].substring(eq + 1).strip();
            if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
                charset = charset.substring(1, charset.length() - 1);
            }
            if (!charset.equalsIgnoreCase("utf-8")) {
                throw new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                        "Content-Type charset \"" + Params.shorten(charset) + "\" is not allowed"
                                + " (send application/json with charset=utf-8 or no charset)");
            }
        }
    }

    private AppendRequest parse(String text, Caller caller, String traceId) {
        Map<String, Object> body;
        try {
            body = Json.parseObject(text, limits.maxDepth() + 1);
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("request body is not a JSON object: " + e.getMessage());
        }
        for (String key : body.keySet()) {
            if (!BODY_FIELDS.contains(key)) {
                throw ApiProblem.badRequest("body field \"" + Params.shorten(key) + "\" is not known (allowed: type, aggregate, payload, meta, expectedSeq)");
            }
        }
        String type = string(body, "type");
        if (EventType.isOperator(type)) {
            throw new ApiProblem(403, "operator-type", "Operator event type",
                    "body field type \"" + type + "\" is an operator event type, which only the operator writes (use a dotted lower-case name such as audit.ToolInvoked)");
        }
        if (!EventType.isExternal(type)) {
            throw ApiProblem.badRequest("body field type \"" + Params.shorten(type) + "\" is not an external event type"
                    + " (^[a-z][a-z0-9-]*(\\.[a-zA-Z0-9-]+)+$, at most 128 characters, e.g. audit.ToolInvoked)");
        }
        String aggregate = string(body, "aggregate");
        NewEvent event = NewEvent.of(type, aggregate, object(body, "payload"), object(body, "meta"), limits)
                .withMeta("actor", Objects.requireNonNull(caller, "caller").identity());
        if (!traceId.isEmpty() && !event.meta().toMap().containsKey("traceId")) {
            event = event.withMeta("traceId", traceId);
        }
        Object expected = body.get("expectedSeq");
        Long expectedSeq = null;
        if (expected != null) {
            if (!(expected instanceof Long n) || n < 0) {
                throw ApiProblem.badRequest("body field expectedSeq must be an integer 0.." + Json.MAX_SAFE_INTEGER + " (the head seq you expect)");
            }
            expectedSeq = n;
        }
        return new AppendRequest(event, epoch.getAsLong(), expectedSeq, null);
    }

    private static String string(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (!(v instanceof String s)) {
            throw ApiProblem.badRequest("body field " + key + " must be a string" + (v == null ? " and is missing" : ""));
        }
        return s;
    }

    private static String object(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw ApiProblem.badRequest("body field " + key + " must be a JSON object");
        }
        return Json.write(v);
    }

    private static EventQuery query(Params p, int limit) {
        long after = p.number("afterSeq", 0, Json.MAX_SAFE_INTEGER, 0);
        long before = p.number("beforeSeq", 1, Json.MAX_SAFE_INTEGER, 0);
        boolean desc = p.oneOf("order", "asc", "asc", "desc").equals("desc");
        Instant since = p.instant("since");
        Instant until = p.instant("until");
        if (since != null && until != null && !since.isBefore(until)) {
            throw ApiProblem.badRequest("since " + since + " is not before until " + until);
        }
        return new EventQuery(after, before, limit, desc, typeFilter(p.string("type")), aggregateFilter(p.string("aggregate")), since, until);
    }

    /** A type filter must be a type the log can hold: anything else can never match, and is a mistake to say so. */
    private static String typeFilter(String type) {
        if (type != null && !EventType.isOperator(type) && !EventType.isExternal(type)) {
            throw ApiProblem.badRequest("query parameter type \"" + Params.shorten(type) + "\" is not an event type (an operator type such"
                    + " as AgentObserved, or a dotted lower-case one such as audit.ToolInvoked)");
        }
        return type;
    }

    /** An aggregate filter must be an aggregate the log can hold (no control characters, quotes or backslashes, 1-253 characters). */
    private static String aggregateFilter(String aggregate) {
        if (aggregate == null) {
            return null;
        }
        try {
            return Aggregate.check(aggregate);
        } catch (InvalidEventException e) {
            throw ApiProblem.badRequest("query parameter aggregate: " + e.getMessage());
        }
    }

    /** The cursor carries the query; repeating a filter is allowed only with the same value. */
    private static EventQuery fromCursor(Params p, int limit) {
        EventQuery c = Cursor.parse(p.string("cursor"), limit);
        for (String moved : List.of("afterSeq", "beforeSeq")) {
            if (p.has(moved)) {
                throw ApiProblem.badRequest("query parameter " + moved + " cannot be combined with cursor (the cursor carries the position)");
            }
        }
        EventQuery given = query(p, limit);
        if ((p.has("order") && given.descending() != c.descending()) || (p.has("type") && !Objects.equals(given.type(), c.type()))
                || (p.has("aggregate") && !Objects.equals(given.aggregate(), c.aggregate()))
                || (p.has("since") && !Objects.equals(given.since(), c.since()))
                || (p.has("until") && !Objects.equals(given.until(), c.until()))) {
            throw new ApiProblem(400, "invalid-cursor", "Invalid cursor",
                    "query parameter cursor was issued for other filters than order/type/aggregate/since/until given here (drop them or the cursor)");
        }
        return c;
    }

    private record AppendedJson(long seq, String hash) {}
}
