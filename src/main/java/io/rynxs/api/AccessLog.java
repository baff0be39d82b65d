package io.rynxs.api;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per API request on the logger {@value #LOGGER}: method, route template, status, duration, and the
 * request's {@code trace_id} and {@code span_id} (plus {@code parent_id} when the caller sent a traceparent).
 * Answers below 500 are INFO, with the problem's type when there is one; a passing {@code /healthz} or
 * {@code /readyz} is DEBUG. A 5xx is WARN with the problem's type and detail: a refused log, a store that cannot
 * write, a follower asked to write and a server not ready all answer 503, and nothing else would say so.
 * {@code RYNXS_LOG_ACCESS=warn} keeps only those.
 *
 * <p>The route is the template ({@code /api/v1/events/{seq}}), or {@code unmatched}: never the raw path, whose
 * seqs, typos and probes would make the field unbounded and would put text chosen by any client in the log.
 */
final class AccessLog {
    static final String LOGGER = "io.rynxs.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final String EXPLAINED = "rynxs.access.problem";
    /** Kubernetes asks these every few seconds for the life of the pod: a passing probe is no news. */
    private static final Set<String> PROBES = Set.of("/healthz", "/readyz");

    private AccessLog() {}

    /** Why the request failed, for its access line: a rendered problem, or a 503 that has no problem body ({@code /readyz}). */
    static void explain(Context ctx, String type, String detail) {
        ctx.attribute(EXPLAINED, new Explanation(type, detail));
    }

    /** Called once per request after the response is written; {@code route} is the template or {@code unmatched}. */
    static void record(Context ctx, String route, float millis) {
        int status = ctx.statusCode();
        Level level = status >= 500 ? Level.WARN : PROBES.contains(route) && status < 300 ? Level.DEBUG : Level.INFO;
        if (!LOG.isEnabledForLevel(level)) {
            return;
        }
        String method = ctx.method().name();
        String duration = String.format(Locale.ROOT, "%.1f", millis);
        LoggingEventBuilder line = LOG.atLevel(level)
                .addKeyValue("method", method)
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", Math.round(millis * 10) / 10.0);
        String parent = TraceIds.parentOf(ctx);
        if (parent != null) {
            line = line.addKeyValue("parent_id", parent);
        }
        String said = method + " " + route + " " + status + " " + duration + " ms";
        Explanation why = ctx.attribute(EXPLAINED);
        if (why != null) {
            // The type is one of a fixed set; the detail, which may quote the request, only where an operator must act.
            line = line.addKeyValue("problem_type", why.type());
            said += ": " + why.type();
            if (status >= 500) {
                line = line.addKeyValue("problem_detail", why.detail());
                said += ": " + why.detail();
            }
        }
        LoggingEventBuilder done = line.setMessage(said);
        TraceIds.inMdc(ctx, done::log);
    }

    private record Explanation(String type, String detail) {}
}
