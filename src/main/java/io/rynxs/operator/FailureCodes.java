package io.rynxs.operator;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rynxs.state.FailureCode;

/** Maps an API server refusal to the stable code of an {@code ActionFailed}. */
final class FailureCodes {
    private FailureCodes() {}

    static FailureCode of(KubernetesClientException e) {
        int status = e.getCode();
        if (status == 409) {
            return FailureCode.K8S_CONFLICT;
        }
        if (status == 401 || status == 403) {
            return FailureCode.K8S_FORBIDDEN;
        }
        if (status == 400 || status == 422) {
            return FailureCode.K8S_INVALID;
        }
        if (status == 404) {
            return FailureCode.K8S_NOT_FOUND;
        }
        if (status >= 500) {
            return FailureCode.K8S_SERVER_ERROR;
        }
        return FailureCode.K8S_ERROR;
    }

    /** The API server's message, one line, bounded. */
    static String message(KubernetesClientException e) {
        String m = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 300 ? m.substring(0, 297) + "..." : m;
    }
}
