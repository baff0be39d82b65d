package io.rynxs.state;

/** The stable codes of a failed action (docs/DESIGN.md, The operator); the name is the JSON value. */
public enum FailureCode {
    K8S_CONFLICT, K8S_FORBIDDEN, K8S_INVALID, K8S_NOT_FOUND, K8S_SERVER_ERROR, K8S_ERROR;

    /** The code named by a JSON value, or null when the value is none of them. */
    static FailureCode fromJson(String value) {
        for (FailureCode c : values()) {
            if (c.name().equals(value)) {
                return c;
            }
        }
        return null;
    }
}
