package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Each request carries a trace id: the caller's W3C traceparent when it is valid, else a new one; echoed, recorded in
 * the appended event, and on the request's access line, which every request gets (5xx at WARN, with the problem).
 */
class TraceIdIT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final String EVENT = "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/t\",\"payload\":{}}";

    @TempDir
    Path dir;

    /** Takes the MDC with each line as it is logged, as an encoder does: the event reads it lazily otherwise. */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            super.append(e);
        }
    };
    private final Logger access = (Logger) LoggerFactory.getLogger(ApiServer.ACCESS_LOGGER);
    private Level level;

    @BeforeEach
    void listen() {
        level = access.getLevel();
        access.setLevel(Level.DEBUG);
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        access.detachAppender(lines);
        access.setLevel(level);
    }

    @Test
    void the_traceparent_trace_id_is_echoed_and_lands_in_the_events_meta() {
        try (ApiHarness api = new ApiHarness(dir)) {
            HttpResponse<String> r = api.post(ApiHarness.WRITER, "/api/v1/events", "application/json", EVENT,
                    "traceparent", "00-" + TRACE + "-" + PARENT + "-01");
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers().firstValue("X-Trace-Id")).hasValue(TRACE);
            assertThat(api.store.event(1).orElseThrow().meta().toMap()).containsEntry("traceId", TRACE).containsEntry("actor", "bob");
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

    @Test
    void every_request_gets_an_access_line_with_its_route_template_status_and_the_trace_id_it_sent() {
        try (ApiHarness api = new ApiHarness(dir)) {
            api.seed(3);
            String other = "0af7651916cd43dd8448eb211c80319c";
            assertThat(api.get("/api/v1/events/2", "traceparent", "00-" + TRACE + "-" + PARENT + "-01").statusCode()).isEqualTo(200);
            assertThat(api.post(ApiHarness.WRITER, "/api/v1/events", "application/json", EVENT,
                    "traceparent", "00-" + other + "-b7ad6b7169203331-01").statusCode()).isEqualTo(201);
            assertThat(api.get("/api/v1/events/99", "traceparent", "00-" + TRACE + "-" + PARENT + "-01").statusCode()).isEqualTo(404);

            ILoggingEvent read = line(TRACE, "/api/v1/events/{seq}", 200);
            assertThat(read.getLevel()).isEqualTo(Level.INFO);
            assertThat(read.getFormattedMessage()).matches("GET /api/v1/events/\\{seq} 200 \\d+\\.\\d ms");
            assertThat(fields(read)).containsEntry("method", "GET").containsEntry("parent_id", PARENT).doesNotContainKey("problem_type");
            assertThat(fields(read).get("duration_ms")).isInstanceOf(Double.class);
            assertThat(read.getMDCPropertyMap().get("span_id")).matches("[0-9a-f]{16}").isNotEqualTo(PARENT).isNotEqualTo("0".repeat(16));

            // The append answers from the store's writer thread: its line still carries the request's ids, not that thread's.
            ILoggingEvent append = line(other, "/api/v1/events", 201);
            assertThat(fields(append)).containsEntry("method", "POST").containsEntry("parent_id", "b7ad6b7169203331");
            assertThat(append.getMDCPropertyMap().get("span_id")).isNotEqualTo(read.getMDCPropertyMap().get("span_id"));

            ILoggingEvent missing = line(TRACE, "/api/v1/events/{seq}", 404);
            assertThat(missing.getLevel()).isEqualTo(Level.INFO);
            assertThat(fields(missing)).containsEntry("problem_type", "not-found").doesNotContainKey("problem_detail");
            assertThat(missing.getFormattedMessage()).doesNotContain("/99");
        }
    }

    @Test
    void a_503_is_logged_at_warn_with_its_problem_and_trace_id() {
        try (ApiHarness api = new ApiHarness(dir, c -> c, d -> d.withWritable(() -> false)
                .withReadiness(() -> Readiness.notReady("follower of rynxs-0, 12 events behind")))) {
            HttpResponse<String> write = api.post(ApiHarness.WRITER, "/api/v1/events", "application/json", EVENT,
                    "traceparent", "00-" + TRACE + "-" + PARENT + "-01");
            assertThat(write.statusCode()).isEqualTo(503);
            HttpResponse<String> ready = api.get("/readyz", "traceparent", "00-" + TRACE + "-" + PARENT + "-01");
            assertThat(ready.statusCode()).isEqualTo(503);

            ILoggingEvent refused = line(TRACE, "/api/v1/events", 503);
            assertThat(refused.getLevel()).isEqualTo(Level.WARN);
            assertThat(fields(refused)).containsEntry("problem_type", "not-the-leader");
            assertThat((String) fields(refused).get("problem_detail")).contains("this instance is a follower");
            assertThat(refused.getFormattedMessage()).startsWith("POST /api/v1/events 503 ").contains(": not-the-leader: this instance is a follower");

            ILoggingEvent notReady = line(TRACE, "/readyz", 503);
            assertThat(notReady.getLevel()).isEqualTo(Level.WARN);
            assertThat(fields(notReady)).containsEntry("problem_type", "not-ready");
            assertThat((String) fields(notReady).get("problem_detail")).contains("follower of rynxs-0, 12 events behind");
        }
    }

    @Test
    void a_passing_probe_is_logged_at_debug_only() {
        try (ApiHarness api = new ApiHarness(dir)) {
            assertThat(api.get("/healthz", "traceparent", "00-" + TRACE + "-" + PARENT + "-01").statusCode()).isEqualTo(200);
            assertThat(line(TRACE, "/healthz", 200).getLevel()).isEqualTo(Level.DEBUG);
        }
    }

    @Test
    void an_all_zero_or_otherwise_invalid_traceparent_is_ignored_for_a_fresh_non_zero_trace_id() {
        try (ApiHarness api = new ApiHarness(dir)) {
            for (String invalid : List.of("00-00000000000000000000000000000000-" + PARENT + "-01", "00-" + TRACE + "-0000000000000000-01",
                    "ff-" + TRACE + "-" + PARENT + "-01")) {
                lines.list.clear();
                HttpResponse<String> r = api.post(ApiHarness.WRITER, "/api/v1/events", "application/json", EVENT, "traceparent", invalid);
                assertThat(r.statusCode()).isEqualTo(201);
                String fresh = r.headers().firstValue("X-Trace-Id").orElseThrow();
                assertThat(fresh).as(invalid).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32)).isNotEqualTo(TRACE);
                long seq = api.store.head().seq();
                assertThat(api.store.event(seq).orElseThrow().meta().toMap()).containsEntry("traceId", fresh);
                ILoggingEvent logged = line(fresh, "/api/v1/events", 201);
                assertThat(fields(logged)).as("the caller's span is not ours to name when its header is invalid").doesNotContainKey("parent_id");
            }
        }
    }

    /** The access line of the request with {@code trace} that answered {@code status} on {@code route}; waits for it. */
    private ILoggingEvent line(String trace, String route, int status) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> List.copyOf(lines.list).stream()
                .filter(e -> trace.equals(e.getMDCPropertyMap().get("trace_id")))
                .filter(e -> route.equals(fields(e).get("route")) && Integer.valueOf(status).equals(fields(e).get("status")))
                .findFirst().orElse(null), e -> e != null);
    }

    private static Map<String, Object> fields(ILoggingEvent e) {
        Map<String, Object> out = new HashMap<>();
        List<KeyValuePair> pairs = e.getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(p -> out.put(p.key, p.value));
        }
        return out;
    }
}
