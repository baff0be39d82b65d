package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.state.KnownEventType;
import io.rynxs.store.AppendRequest;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caller over real HTTP can make of the metric labels, with the process's own {@link RynxsMetrics}
 * behind the API and the store: however many types and paths it invents, the series stay a fixed set.
 */
class HttpMetricsIT {
    static final int DISTINCT = 200;

    @TempDir
    Path dir;
    final RynxsMetrics metrics = new RynxsMetrics();
    ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(dir, c -> c, d -> d.withMetrics(metrics), metrics);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Label values to value of every series of {@code name} (a counter's name without {@code _total}). */
    Map<List<String>, Double> series(String name, String... labels) {
        Map<List<String>, Double> out = new TreeMap<>(Comparator.comparing((List<String> k) -> String.join(",", k)));
        for (MetricSnapshot s : metrics.registry().scrape()) {
            if (s.getMetadata().getName().equals(name)) {
                for (DataPointSnapshot p : s.getDataPoints()) {
                    List<String> key = new ArrayList<>();
                    for (String l : labels) {
                        key.add(p.getLabels().get(l));
                    }
                    out.put(key, p instanceof CounterDataPointSnapshot c ? c.getValue() : Double.NaN);
                }
            }
        }
        return out;
    }

    /** Returns once the store's writer has told the observers of every batch before this append. */
    void awaitObservers() {
        // The writer completes a batch's futures (and so the HTTP answer) before it calls the observers, and
        // takes the next batch only after: a synchronous append returns after they ran for every earlier one.
        api.store.append(AppendRequest.of(NewEvent.of("audit.Barrier", "session/b", "{}", null, JsonLimits.DEFAULT)));
    }

    @Test
    void posting_hundreds_of_distinct_types_adds_no_event_type_series() {
        for (int i = 0; i < DISTINCT; i++) {
            String body = "{\"type\":\"audit.Invented" + i + "\",\"aggregate\":\"session/s\",\"payload\":{}}";
            assertThat(api.post(ApiHarness.WRITER, "/api/v1/events", "application/json", body).statusCode()).isEqualTo(201);
        }
        awaitObservers();

        Map<List<String>, Double> events = series("rynxs_events", "event_type");
        assertThat(events).hasSize(KnownEventType.values().length + 2);
        assertThat(events.get(List.of("external"))).isGreaterThanOrEqualTo(DISTINCT);
    }

    @Test
    void requests_to_hundreds_of_distinct_paths_are_counted_by_route_template() {
        api.seed(3);
        api.send(HttpRequest.newBuilder(api.uri("/api/v1/events")).DELETE(), ApiHarness.WRITER);
        for (int i = 0; i < DISTINCT; i++) {
            api.get("/api/v1/events/" + (i + 1));
            api.get("/api/v1/no-such-route-" + i);
            api.get("/" + i + "?x=" + i);
            api.send(HttpRequest.newBuilder(api.uri("/api/v1/head/" + i)).DELETE(), ApiHarness.WRITER);
        }

        Set<String> templates = new HashSet<>(api.server.routeKeys().stream().map(k -> k.substring(k.indexOf(' ') + 1)).toList());
        templates.add("unmatched");
        Map<List<String>, Double> requests = series("rynxs_http_requests", "route", "status");
        assertThat(requests.keySet()).extracting(k -> k.get(0)).allMatch(templates::contains, "a route template or unmatched");
        assertThat(requests.keySet()).extracting(k -> k.get(1)).contains("200", "404", "405");
        // One series per route and status seen: /events/{seq} 200 and 404, unmatched 404 and 405.
        assertThat(requests).hasSizeLessThanOrEqualTo(6);
        // Each request is counted once (the server records a request just after answering it, so the last may trail).
        assertThat(requests.values().stream().mapToDouble(Double::doubleValue).sum()).isGreaterThanOrEqualTo(4.0 * DISTINCT);
        assertThat(series("rynxs_http_request_duration_seconds", "route")).hasSizeLessThanOrEqualTo(3);
    }
}
