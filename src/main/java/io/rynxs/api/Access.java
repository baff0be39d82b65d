package io.rynxs.api;

import io.javalin.security.RouteRole;

/**
 * What a route needs from its caller, written next to each route in the table. The Kubernetes verb is
 * the one checked by SubjectAccessReview on {@code auditevents.rynxs.io}.
 */
public enum Access implements RouteRole {
    /** Health probes: no credentials. */
    PUBLIC(null),
    /** Read one item. */
    GET("get"),
    /** Read a collection or a stream. */
    LIST("list"),
    /** Append to the log (events, checkpoints): writers only. */
    CREATE("create");

    private final String verb;

    Access(String verb) {
        this.verb = verb;
    }

    public String verb() {
        return verb;
    }

    public boolean isWrite() {
        return this == CREATE;
    }
}
