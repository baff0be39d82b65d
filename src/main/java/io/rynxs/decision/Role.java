package io.rynxs.decision;

import java.util.Locale;

/** The role of an Agent (docs/DESIGN.md, The operator); the lower-case name is the value in the custom resource. */
public enum Role {
    WORKER, MANAGER, DIRECTOR;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by {@code value}, or null when it is none of the three. */
    public static Role of(String value) {
        for (Role r : values()) {
            if (r.json().equals(value)) {
                return r;
            }
        }
        return null;
    }
}
