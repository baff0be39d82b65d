package io.rynxs.api;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * A trace id per request, for the {@code trace_id} of every log line it causes and the {@code traceId} of
 * the event it appends: the W3C {@code traceparent} trace id when the caller sends a valid one
 * ({@link Traceparent}), else a new one. Each request also gets a span id of its own ({@code span_id}), the
 * server's span in that trace; the caller's parent id stays on the context for the access line. The trace id
 * is echoed in the {@code X-Trace-Id} response header, so that a caller who sent none, or an invalid one, can
 * still find the lines.
 */
final class TraceIds {
    static final String KEY = "trace_id";
    static final String SPAN = "span_id";
    private static final String PARENT = "rynxs.parent_id";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceIds() {}

    static void begin(Context ctx) {
        List<String> headers = ctx.req().getHeaders("traceparent") == null ? List.of()
                : Collections.list(ctx.req().getHeaders("traceparent"));
        Optional<Traceparent> parent = Traceparent.parse(headers);
        String id = parent.map(Traceparent::traceId).orElseGet(() -> random(16));
        ctx.attribute(KEY, id);
        ctx.attribute(SPAN, random(8));
        parent.ifPresent(p -> ctx.attribute(PARENT, p.parentId()));
        ctx.header("X-Trace-Id", id);
        MDC.put(KEY, id);
        MDC.put(SPAN, ctx.attribute(SPAN));
    }

    static void end(Context ctx) {
        MDC.remove(KEY);
        MDC.remove(SPAN);
    }

    static String of(Context ctx) {
        String id = ctx.attribute(KEY);
        return id == null ? "" : id;
    }

    /** The caller's span (the traceparent's parent id), or null when the request started its own trace. */
    static String parentOf(Context ctx) {
        return ctx.attribute(PARENT);
    }

    /**
     * Runs {@code log} with the request's ids in the MDC, whatever thread this is: the access line and a
     * failure's line are written after an asynchronous handler finished, on a thread that never saw
     * {@link #begin}, or one that has since served another request.
     */
    static void inMdc(Context ctx, Runnable log) {
        String trace = MDC.get(KEY);
        String span = MDC.get(SPAN);
        put(KEY, ctx.attribute(KEY));
        put(SPAN, ctx.attribute(SPAN));
        try {
            log.run();
        } finally {
            put(KEY, trace);
            put(SPAN, span);
        }
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** {@code bytes} random bytes in hex; never all zero, which W3C Trace Context reserves for "invalid". */
    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        do {
            RANDOM.nextBytes(b);
        } while (allZero(b));
        return HexFormat.of().formatHex(b);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
