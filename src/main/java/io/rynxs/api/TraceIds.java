package io.rynxs.api;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * A trace id per request, for the {@code trace_id} of every log line it causes and the {@code traceId} of
 * the event it appends: the W3C {@code traceparent} trace id when the caller sends one, else a new one.
 * Echoed in the {@code X-Trace-Id} response header.
 */
final class TraceIds {
    static final String KEY = "trace_id";
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceIds() {}

    static void begin(Context ctx) {
        String header = ctx.header("traceparent");
        String id = null;
        if (header != null) {
            var m = TRACEPARENT.matcher(header.strip());
            if (m.matches()) {
                id = m.group(1);
            }
        }
        if (id == null) {
            byte[] b = new byte[16];
            RANDOM.nextBytes(b);
            id = HexFormat.of().formatHex(b);
        }
        ctx.attribute(KEY, id);
        ctx.header("X-Trace-Id", id);
        MDC.put(KEY, id);
    }

    static void end(Context ctx) {
        MDC.remove(KEY);
    }

    static String of(Context ctx) {
        String id = ctx.attribute(KEY);
        return id == null ? "" : id;
    }
}
