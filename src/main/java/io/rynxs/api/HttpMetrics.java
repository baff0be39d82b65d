package io.rynxs.api;

/**
 * Where the API reports each finished request, for {@code rynxs_http_requests_total{route,status}} and
 * {@code rynxs_http_request_duration_seconds{route}}. The metrics package implements it; the API knows
 * no Prometheus types.
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
}
