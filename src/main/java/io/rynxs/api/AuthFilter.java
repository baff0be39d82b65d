package io.rynxs.api;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs before every matched route: reads the bearer token, asks the {@link Authenticator} who it is
 * (401 when nobody) and whether the route's {@link Access} is allowed (403 when not). The caller is
 * left on the context for handlers that record it.
 */
final class AuthFilter {
    static final String CALLER = "rynxs.caller";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"rynxs\"");

    private final Authenticator authenticator;

    AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    void check(Context ctx) {
        Access access = access(ctx);
        if (access == Access.PUBLIC) {
            return;
        }
        List<String> headers = ctx.req().getHeaders("Authorization") == null ? List.of()
                : Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.size() > 1) {
            // Which one would count? A proxy and a client disagreeing is how credentials get confused: refuse both.
            throw ApiProblem.badRequest("the request has " + headers.size() + " Authorization headers (send exactly one: Bearer <token>)");
        }
        String token = bearer(ctx.header("Authorization"));
        Optional<Caller> caller = authenticator.authenticate(token);
        if (caller.isEmpty()) {
            throw new ApiProblem(401, "unauthenticated", "Unauthenticated",
                    (token == null ? "no bearer token was sent" : "the bearer token is not valid")
                            + " (send Authorization: Bearer <token>)", CHALLENGE);
        }
        if (!authenticator.authorize(caller.get(), access)) {
            throw new ApiProblem(403, "forbidden", "Forbidden", caller.get().identity() + " may not " + access.verb()
                    + " auditevents.rynxs.io" + (access.isWrite() ? " (writes need the writer role)" : ""),
                    Map.of("WWW-Authenticate", "Bearer realm=\"rynxs\", error=\"insufficient_scope\""));
        }
        ctx.attribute(CALLER, caller.get());
    }

    static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    private static Access access(Context ctx) {
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof Access a) {
                return a;
            }
        }
        return Access.CREATE;
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
