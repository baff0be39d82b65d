package io.rynxs.api;

/** One answer to "may this instance take traffic?", with the reason shown on {@code /readyz}. */
public record Readiness(boolean ready, String detail) {
    public Readiness {
        if (detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("readiness: detail is missing (say why, e.g. \"leader, head seq 42\")");
        }
    }

    public static Readiness ready(String detail) {
        return new Readiness(true, detail);
    }

    public static Readiness notReady(String detail) {
        return new Readiness(false, detail);
    }
}
