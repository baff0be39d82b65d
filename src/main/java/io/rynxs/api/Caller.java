package io.rynxs.api;

import java.util.List;

/**
 * Who made a request, as the {@link Authenticator} established it. {@code writer} is known up front
 * for token mode; in Kubernetes mode every verb is asked of the API server instead.
 */
public record Caller(String identity, List<String> groups, boolean writer) {
    public Caller {
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("caller: identity is missing");
        }
        groups = List.copyOf(groups);
    }
}
