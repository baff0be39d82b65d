package io.rynxs.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** The latest failed execution of one action: its stable code, the API server's message and its seq. */
public record Failure(FailureCode code, String message, long seq) {
    public Failure {
        if (code == null || message == null || seq < 1) {
            throw new StateException("failed action at seq " + seq + ": a code, a message and a seq >= 1 are required");
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code.name());
        m.put("message", message);
        m.put("seq", seq);
        return m;
    }

    /** Reads {@code code}; {@code message} may be empty because API servers sometimes send none. */
    static Failure fromJson(JsonFields f, long seq) {
        FailureCode code = FailureCode.fromJson(f.string("code"));
        if (code == null) {
            throw f.fail("code", "is not one of K8S_CONFLICT, K8S_FORBIDDEN, K8S_INVALID, K8S_NOT_FOUND, K8S_SERVER_ERROR, K8S_ERROR");
        }
        if (!(f.value("message") instanceof String message)) {
            throw f.fail("message", "expected a string, found " + JsonFields.describe(f.value("message")));
        }
        return new Failure(code, message, seq);
    }
}
