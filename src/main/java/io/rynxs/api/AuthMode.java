package io.rynxs.api;

import java.util.Locale;

/** How the API learns who is calling ({@code RYNXS_API_AUTH}). */
public enum AuthMode {
    /** Everyone is an anonymous writer; refused at start unless the bind address is loopback. */
    NONE,
    /** Bearer tokens from a file, one {@code token identity role} per line. */
    TOKEN,
    /** Kubernetes TokenReview for the identity, SubjectAccessReview for each verb. */
    KUBERNETES;

    /** Parses {@code none}, {@code token} or {@code kubernetes}. */
    public static AuthMode parse(String text) {
        for (AuthMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("RYNXS_API_AUTH \"" + text + "\" is not allowed (use none, token or kubernetes)");
    }
}
