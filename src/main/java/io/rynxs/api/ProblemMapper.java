package io.rynxs.api;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import io.rynxs.store.BeyondHeadException;
import io.rynxs.store.FencedException;
import io.rynxs.store.HeadMismatchException;
import io.rynxs.store.IntegrityException;
import io.rynxs.store.LogUnavailableException;
import io.rynxs.store.StoreException;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: every exception a handler throws ends here as an
 * RFC 9457 {@code application/problem+json} body. Unexpected ones are logged once and answered 500
 * without internals.
 */
final class ProblemMapper {
    static final String TYPE_BASE = "https://rynxs.io/problems/";
    static final String CONTENT_TYPE = "application/problem+json";
    private static final String RENDERED = "rynxs.problem";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    private ProblemMapper() {}

    static void handle(Exception thrown, Context ctx) {
        render(ctx, toProblem(thrown, ctx));
    }

    static ApiProblem toProblem(Throwable thrown, Context ctx) {
        Throwable e = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (e instanceof ApiProblem p) {
            return p;
        }
        if (e instanceof HeadMismatchException m) {
            return new ApiProblem(409, "head-mismatch", "Head mismatch", m.getMessage() + " (read /api/v1/head and retry with its seq)",
                    Map.of());
        }
        if (e instanceof BeyondHeadException) {
            return ApiProblem.notFound(e.getMessage());
        }
        if (e instanceof FencedException) {
            return new ApiProblem(503, "not-leader", "Not the leader", e.getMessage() + " (send writes to the current leader)",
                    Map.of("Retry-After", "1"));
        }
        if (e instanceof InvalidEventException) {
            return ApiProblem.badRequest(e.getMessage());
        }
        if (e instanceof IntegrityException) {
            // Not retryable: the log contradicts what it signed or shipped, and no write is taken until it is recovered.
            return new ApiProblem(503, "log-refused", "Log refused for writing", e.getMessage(), Map.of());
        }
        if (e instanceof LogUnavailableException) {
            return new ApiProblem(503, "log-unavailable", "Log unavailable", e.getMessage(), Map.of("Retry-After", "5"));
        }
        if (e instanceof StoreException) {
            // The writer refuses work while closing and rolls back failed batches: both are worth a retry.
            return new ApiProblem(503, "store-unavailable", "Store unavailable", e.getMessage(), Map.of("Retry-After", "1"));
        }
        if (e instanceof HttpResponseException h) {
            return fromJavalin(h, ctx);
        }
        ApiProblem unread = unreadBody(e, ctx);
        if (unread != null) {
            return unread;
        }
        TraceIds.inMdc(ctx, () -> LOG.error("{} {} failed", ctx.method(), ctx.path(), e));
        return new ApiProblem(500, "internal", "Internal error",
                "the server failed to answer " + ctx.method() + " " + ctx.path() + " (see the server log; report it if it persists)");
    }

    /**
     * A request body Jetty could not read to its end: a malformed chunked encoding, a body shorter than its
     * Content-Length when the client gave up, or one that stopped arriving (the idle timeout). The request is
     * at fault, not the server: 400 or 408, and the connection is closed, since the rest of the body is unread.
     */
    private static ApiProblem unreadBody(Throwable e, Context ctx) {
        String te = ctx.header("Transfer-Encoding");
        String shape = te != null && te.toLowerCase(Locale.ROOT).contains("chunked")
                ? "its chunked encoding is malformed (a chunk-size line must be hex digits), or it stopped before the last chunk"
                : "its Content-Length is larger than what was sent";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadMessageException b) {
                return new ApiProblem(b.getCode(), b.getCode() == 413 ? "body-too-large" : "bad-request", "Bad request",
                        "the request body could not be read: " + Params.shorten(String.valueOf(b.getReason()))
                                + " (send a complete body, with a valid chunked encoding if chunked)", Map.of("Connection", "close"));
            }
            if (t instanceof TimeoutException) {
                return new ApiProblem(408, "request-timeout", "Request timeout", "the request body stopped arriving before its end"
                        + " (the idle timeout is RYNXS_API_IDLE_TIMEOUT; a body must also arrive at 1 KiB/s or more)",
                        Map.of("Connection", "close"));
            }
            if (t instanceof EOFException) {
                return new ApiProblem(400, "bad-request", "Bad request", "the request body could not be read to its end ("
                        + Params.shorten(String.valueOf(t.getMessage())) + "): " + shape, Map.of("Connection", "close"));
            }
        }
        return null;
    }

    private static ApiProblem fromJavalin(HttpResponseException h, Context ctx) {
        int status = h.getStatus();
        return switch (status) {
            case 404 -> ApiProblem.notFound("no route " + ctx.method() + " " + Params.shorten(ctx.path())
                    + " (see openapi.yaml; every route is under /api/v1)");
            case 405 -> new ApiProblem(405, "method-not-allowed", "Method not allowed",
                    "method " + ctx.method() + " is not allowed on " + Params.shorten(ctx.path()));
            case 413 -> tooLarge("the request body");
            default -> new ApiProblem(status, "http-" + status, "HTTP " + status, h.getMessage());
        };
    }

    static ApiProblem tooLarge(String what) {
        // The unread rest of the body makes the connection unusable: say so, so that a client does not send
        // its next request down a socket the server is about to close.
        return new ApiProblem(413, "body-too-large", "Request body too large",
                what + " is over the limit (RYNXS_API_MAX_BODY_BYTES; payload and meta have their own limits)",
                Map.of("Connection", "close"));
    }

    /** A body that stopped arriving, when Javalin answered the idle timeout itself: the same problem as {@link #unreadBody}. */
    static void timedOut(Context ctx) {
        if (ctx.attribute(RENDERED) == null) {
            render(ctx, unreadBody(new TimeoutException("idle timeout"), ctx));
        }
    }

    /** A body over the limit that Javalin refused itself while reading it (a chunked one has no Content-Length to check first). */
    static void bodyTooLarge(Context ctx) {
        if (ctx.attribute(RENDERED) == null) {
            render(ctx, tooLarge("the request body"));
        }
    }

    /** For statuses Javalin sets without an exception (no route, wrong method): a problem unless one was written. */
    static void unrouted(Context ctx) {
        if (ctx.attribute(RENDERED) == null) {
            render(ctx, ctx.statusCode() == 405
                    ? new ApiProblem(405, "method-not-allowed", "Method not allowed",
                            "method " + ctx.method() + " is not allowed on " + Params.shorten(ctx.path()) + " (see openapi.yaml)")
                    : ApiProblem.notFound("no route " + ctx.method() + " " + Params.shorten(ctx.path())
                            + " (see openapi.yaml; every route is under /api/v1)"));
        }
    }

    static void render(Context ctx, ApiProblem p) {
        ctx.attribute(RENDERED, Boolean.TRUE);
        AccessLog.explain(ctx, p.type(), p.getMessage());
        ProblemJson body = new ProblemJson(TYPE_BASE + p.type(), p.title(), p.status(), p.getMessage(), ctx.path());
        p.headers().forEach(ctx::header);
        ctx.header("Cache-Control", "no-store");
        ctx.status(p.status()).contentType(CONTENT_TYPE).result(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The RFC 9457 body every error of the API has (openapi.yaml, Problem), routed or not ({@link ProtocolErrors}). */
    record ProblemJson(String type, String title, long status, String detail, String instance) {}
}
