package io.rynxs.api;

import io.javalin.http.Context;
import io.rynxs.event.Json;
import io.rynxs.event.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * Writes response bodies with a strong ETag (the body's SHA-256, or the event hash) and answers
 * {@code If-None-Match} with 304. Immutable bodies (an event, a past checkpoint, a proof or state for
 * fixed sizes) may be cached for a year; the rest must be revalidated.
 */
final class Responses {
    static final String JSON = "application/json";
    private static final String IMMUTABLE = "private, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";

    private Responses() {}

    /** A JSON value built from {@link Json}'s types; revalidated on every use. */
    static void json(Context ctx, Object value) {
        send(ctx, Json.write(value).getBytes(StandardCharsets.UTF_8), JSON, null, false);
    }

    /** A JSON value that never changes for this URL. */
    static void immutableJson(Context ctx, Object value) {
        send(ctx, Json.write(value).getBytes(StandardCharsets.UTF_8), JSON, null, true);
    }

    /** Pre-rendered bytes; {@code tag} is the ETag value (without quotes), or null for the body's hash. */
    static void send(Context ctx, byte[] body, String contentType, String tag, boolean immutable) {
        String etag = "\"" + (tag != null ? tag : Sha256.hex(body)) + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", immutable ? IMMUTABLE : REVALIDATE);
        ctx.header("Vary", "Accept, Authorization");
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        // A known length lets Jetty send the headers and the body together instead of chunking the body.
        ctx.res().setContentLength(body.length);
        ctx.contentType(contentType).result(body);
    }

    /** RFC 9110 §13.1.2: {@code *} or any listed tag; weak tags compare weakly. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
