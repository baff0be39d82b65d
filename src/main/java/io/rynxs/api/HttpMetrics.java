package io.rynxs.api;

import io.rynxs.checkpoint.CheckpointCode;

/**
 * Where the API reports each finished request, for {@code rynxs_http_requests_total{route,status}} and
 * {@code rynxs_http_request_duration_seconds{route}}, and what its handlers did that has a metric of its own
 * (replays, verifications, checkpoints). The metrics package implements it; the API knows no Prometheus types.
 */
@FunctionalInterface
public interface HttpMetrics {
    /** Does nothing. */
    HttpMetrics NONE = (route, status, seconds) -> {};

    /**
     * Called once per request after the response is written.
     *
     * @param route the route template, e.g. {@code /api/v1/events/{seq}}, or {@code unmatched}
     * @param status the HTTP status code sent
     * @param seconds how long the request took
     */
    void record(String route, int status, double seconds);

    /** A state was computed by replay (a query answered from the kept states or joined to a running replay is not one). */
    default void replayed(double seconds) {}

    /** {@code GET /api/v1/verify} found the log does not verify. */
    default void verifyFailed() {}

    /** {@code POST /api/v1/checkpoints} signed a checkpoint. */
    default void checkpointCreated(double seconds) {}

    /** Signing a checkpoint failed (the audit before signing refused, or the store). */
    default void checkpointCreateFailed() {}

    /** {@code GET /api/v1/checkpoints/{n}/verify} answered another code than OK. */
    default void checkpointVerifyFailed(CheckpointCode code) {}
}
