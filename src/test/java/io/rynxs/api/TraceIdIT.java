package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each request carries a trace id: the caller's W3C traceparent when given, echoed and recorded in the appended event. */
class TraceIdIT {
    @TempDir
    Path dir;

    @Test
    void the_traceparent_trace_id_is_echoed_and_lands_in_the_events_meta() {
        try (ApiHarness api = new ApiHarness(dir)) {
            String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
            HttpResponse<String> r = api.post(ApiHarness.WRITER, "/api/v1/events", "application/json",
                    "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/t\",\"payload\":{}}",
                    "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().firstValue("X-Trace-Id")).hasValue(trace);
            assertThat(api.store.event(1).orElseThrow().meta().toMap()).containsEntry("traceId", trace).containsEntry("actor", "bob");
        }
    }

    @Test
    void without_a_traceparent_a_fresh_id_is_made_and_a_client_trace_id_in_meta_is_kept() {
        try (ApiHarness api = new ApiHarness(dir)) {
            HttpResponse<String> r = api.post(ApiHarness.WRITER, "/api/v1/events", "application/json",
                    "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/t\",\"payload\":{},\"meta\":{\"traceId\":\"mine\"}}");
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().firstValue("X-Trace-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
            assertThat(api.store.event(1).orElseThrow().meta().toMap()).containsEntry("traceId", "mine");
        }
    }
}
