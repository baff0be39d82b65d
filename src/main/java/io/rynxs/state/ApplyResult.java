package io.rynxs.state;

import java.util.Locale;

/** What executing one action did to the cluster; the lower-case name is the JSON value. */
public enum ApplyResult {
    CREATED, UPDATED, UNCHANGED;

    private final String json = name().toLowerCase(Locale.ROOT);

    public String json() {
        return json;
    }

    /** The result named by a JSON value, or null when the value is none of them. */
    static ApplyResult fromJson(String value) {
        for (ApplyResult r : values()) {
            if (r.json.equals(value)) {
                return r;
            }
        }
        return null;
    }
}
