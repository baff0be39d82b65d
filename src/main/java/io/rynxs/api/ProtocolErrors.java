package io.rynxs.api;

import io.rynxs.event.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives before a request reaches a route — a request line or header it cannot parse
 * (400, 414, 431, 505), a path it will not resolve ({@code /..;/}, NUL), a body it could not read — as the
 * same {@code application/problem+json} the routes answer with ({@link ProblemMapper}), instead of Jetty's HTML
 * page. The detail says what was wrong with the request, in Jetty's words, and what to do; nothing about the
 * server. Set on the server and on the servlet context, so both kinds of early error come through here.
 */
final class ProtocolErrors extends ErrorHandler {
    /** Jetty writes an error body only for GET, POST and HEAD by default; every method gets the problem here (OPTIONS *, PRI). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ProblemMapper.CONTENT_TYPE);
        fields.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
        return ByteBuffer.wrap(body(status, reason, "/"));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        byte[] body = body(code, message == null && cause != null ? cause.getMessage() : message, request.getHttpURI().getPath());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMapper.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The problem for an early error: its type and title from the status, its detail naming the cause. */
    static byte[] body(int status, String reason, String instance) {
        // Jetty names a request it could not parse "/badMessage": there is no path to show.
        String path = instance == null || instance.isEmpty() || instance.equals("/badMessage") ? "/" : Params.shorten(instance);
        return Json.write(new ProblemMapper.ProblemJson(ProblemMapper.TYPE_BASE + slug(status), title(status), status, detail(status, reason),
                path)).getBytes(StandardCharsets.UTF_8);
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 408 -> "request-timeout";
            case 413 -> "body-too-large";
            case 404 -> "not-found";
            case 414 -> "uri-too-long";
            case 426 -> "upgrade-required";
            case 431 -> "headers-too-large";
            case 505 -> "http-version-not-supported";
            default -> "http-" + status;
        };
    }

    private static String title(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "HTTP " + status : reason;
    }

    private static String detail(int status, String reason) {
        String what = reason == null || reason.isBlank() ? title(status) : Params.shorten(reason.strip());
        String hint = switch (status) {
            case 400 -> "send an HTTP/1.1 request with a valid request line, headers and path: no control characters, no ';' or '..' segments";
            case 404 -> "the target names no resource: every route is under /api/v1 (see openapi.yaml)";
            case 426 -> "this server speaks HTTP/1.1: send HTTP/1.1, not HTTP/2 with prior knowledge";
            case 408 -> "the request was not received in full within the idle timeout (RYNXS_API_IDLE_TIMEOUT): send the whole body";
            case 413 -> "the body is over RYNXS_API_MAX_BODY_BYTES";
            case 414 -> "the request line is over 8 KiB: page with cursor instead of long filters";
            case 431 -> "the headers are over 8 KiB";
            case 505 -> "send HTTP/1.1 or HTTP/1.0";
            default -> "see openapi.yaml";
        };
        return "the request could not be read: " + what + " (" + hint + ")";
    }
}
