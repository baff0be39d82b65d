package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.Event;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Every route over real HTTP against a real SQLite log, each body checked against openapi.yaml. */
class ApiServerIT {
    @TempDir
    Path dir;
    ApiHarness api;
    final List<String> metrics = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        api = new ApiHarness(dir, c -> c, d -> d.withMetrics((route, status, seconds) -> metrics.add(route + " " + status)));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Spec.JSON.readTree(r.body());
    }

    private static void assertValid(String schema, HttpResponse<String> r) {
        assertThat(Spec.INSTANCE.errors(schema, r.body())).as(schema + ": " + r.body()).isEmpty();
    }

    @Test
    void the_cursor_walks_the_whole_log_in_pages_that_match_the_spec() {
        api.seed(25);
        List<Long> seen = new ArrayList<>();
        String next = "/api/v1/events?limit=10";
        while (next != null) {
            HttpResponse<String> r = api.get(next);
            assertThat(r.statusCode()).isEqualTo(200);
            assertValid("EventPage", r);
            // Sent with its length, not chunked: the page is assembled in full before it is written.
            assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().getBytes(StandardCharsets.UTF_8).length);
            json(r).get("events").forEach(e -> seen.add(e.get("seq").asLong()));
            JsonNode n = json(r).get("next");
            next = n.isNull() ? null : "/api/v1/events?limit=10&cursor=" + n.asString();
        }
        assertThat(seen).hasSize(25).isSorted().first().isEqualTo(1L);
    }

    @Test
    void descending_filtered_pages_return_only_matching_events_newest_first() {
        api.seed(12);
        HttpResponse<String> r = api.get("/api/v1/events?order=desc&aggregate=session/s1&type=audit.ToolInvoked&limit=2");
        assertValid("EventPage", r);
        List<Long> seqs = new ArrayList<>();
        json(r).get("events").forEach(e -> seqs.add(e.get("seq").asLong()));
        // s1 holds i = 0, 3, 6, 9; ToolInvoked the even i: seqs 1 and 7.
        assertThat(seqs).containsExactly(7L, 1L);
        assertThat(json(r).get("next").isNull()).isTrue();
    }

    @Test
    void one_event_is_its_stored_canonical_line_with_the_hash_as_strong_etag_and_304_on_match() {
        Event e = api.seed(3).get(1);
        HttpResponse<String> r = api.get("/api/v1/events/2");
        assertThat(r.body()).isEqualTo(e.line());
        assertValid("Event", r);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"" + e.hash() + "\"");
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        HttpResponse<String> again = api.get("/api/v1/events/2", "If-None-Match", "\"" + e.hash() + "\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(api.get("/api/v1/events/2", "If-None-Match", "\"" + "0".repeat(64) + "\"").statusCode()).isEqualTo(200);
    }

    @Test
    void head_state_and_verify_describe_the_log_in_their_schemas() {
        api.seed(5);
        HttpResponse<String> head = api.get("/api/v1/head");
        assertValid("Head", head);
        assertThat(json(head).get("seq").asLong()).isEqualTo(5);
        assertThat(json(head).get("root").asString()).isEqualTo(api.store.root(5).hex());

        HttpResponse<String> state = api.get("/api/v1/state?atSeq=3");
        assertValid("StateAt", state);
        assertThat(json(state).get("stateHash").asString()).isEqualTo(api.history.at(3).hash());
        assertThat(api.get("/api/v1/state?atSeq=3", "If-None-Match", state.headers().firstValue("ETag").orElseThrow()).statusCode())
                .isEqualTo(304);
        HttpResponse<String> part = api.get("/api/v1/state?aggregate=session/s1");
        assertValid("StateAt", part);
        assertThat(json(part).get("state").has("session")).isTrue();

        HttpResponse<String> verify = api.get("/api/v1/verify?fromSeq=2&toSeq=4");
        assertValid("VerifyReport", verify);
        assertThat(json(verify).get("ok").asBoolean()).isTrue();
        assertThat(json(verify).get("checked").asLong()).isEqualTo(3);
    }

    @Test
    void proofs_verify_and_are_cacheable_by_etag() {
        api.seed(7);
        HttpResponse<String> inc = api.get("/api/v1/proofs/inclusion?seq=3&treeSize=7");
        assertValid("InclusionProof", inc);
        assertThat(json(inc).get("leafIndex").asLong()).isEqualTo(2);
        assertThat(json(inc).get("root").asString()).isEqualTo(api.store.root(7).hex());
        HttpResponse<String> con = api.get("/api/v1/proofs/consistency?from=3&to=7");
        assertValid("ConsistencyProof", con);
        assertThat(json(con).get("fromRoot").asString()).isEqualTo(api.store.root(3).hex());
        String etag = con.headers().firstValue("ETag").orElseThrow();
        assertThat(api.get("/api/v1/proofs/consistency?from=3&to=7", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void a_writer_creates_a_checkpoint_that_is_served_as_note_or_json_and_verifies() {
        api.seed(4);
        HttpResponse<String> created = api.post(ApiHarness.WRITER, "/api/v1/checkpoints", null, "");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertValid("Checkpoint", created);
        String note = json(created).get("note").asString();

        HttpResponse<String> text = api.get("/api/v1/checkpoints/4");
        assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(text.body()).isEqualTo(note);
        HttpResponse<String> asJson = api.get("/api/v1/checkpoints/latest", "Accept", "application/json");
        assertValid("Checkpoint", asJson);
        assertThat(json(asJson).get("treeSize").asLong()).isEqualTo(4);

        HttpResponse<String> verdict = api.get("/api/v1/checkpoints/4/verify");
        assertValid("CheckpointVerdict", verdict);
        assertThat(json(verdict).get("code").asString()).isEqualTo("OK");

        HttpResponse<String> list = api.get("/api/v1/checkpoints?limit=10");
        assertValid("CheckpointPage", list);
        assertThat(json(list).get("checkpoints").size()).isEqualTo(1);

        HttpResponse<String> keys = api.get("/api/v1/keys");
        assertValid("KeyList", keys);
        assertThat(json(keys).get("keys").get(0).get("verifierKey").asString()).isEqualTo(api.signer.verifierKey().toString());
    }

    @Test
    void a_posted_event_is_durable_and_its_actor_is_the_caller_whatever_the_client_claimed() {
        HttpResponse<String> r = api.post(ApiHarness.WRITER, "/api/v1/events", "application/json",
                "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s9\",\"payload\":{\"tool\":\"ls\"},\"meta\":{\"actor\":\"mallory\",\"traceId\":\"t1\"},\"expectedSeq\":0}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertValid("Appended", r);
        Event stored = api.store.event(1).orElseThrow();
        assertThat(json(r).get("hash").asString()).isEqualTo(stored.hash());
        assertThat(stored.meta().toMap()).containsEntry("actor", "bob").containsEntry("traceId", "t1");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/events/1");
    }

    @Test
    void the_stream_sends_the_backlog_then_new_events_and_resumes_after_last_event_id() throws Exception {
        api.seed(3);
        List<String> ids = new ArrayList<>();
        try (BufferedReader first = stream("/api/v1/events/stream?afterSeq=1", null)) {
            readIds(first, ids, 2);
            api.seed(2);
            readIds(first, ids, 4);
        }
        assertThat(ids).containsExactly("2", "3", "4", "5");
        api.seed(2);
        List<String> resumed = new ArrayList<>();
        try (BufferedReader second = stream("/api/v1/events/stream", "4")) {
            readIds(second, resumed, 3);
        }
        assertThat(resumed).containsExactly("5", "6", "7");
    }

    private BufferedReader stream(String path, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer " + ApiHarness.READER)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = api.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    }

    /** Reads until {@code ids} has {@code count} entries, checking each data line is the event with that seq. */
    private void readIds(BufferedReader in, List<String> ids, int count) throws Exception {
        String id = null;
        while (ids.size() < count) {
            String line = in.readLine();
            assertThat(line).as("stream ended early").isNotNull();
            if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("data:")) {
                JsonNode event = Spec.JSON.readTree(line.substring(5).strip());
                assertThat(Spec.INSTANCE.errors("Event", event.toString())).isEmpty();
                ids.add(Long.toString(event.get("seq").asLong()));
            } else if (line.isEmpty() && id != null) {
                assertThat(id).isEqualTo(ids.get(ids.size() - 1));
                id = null;
            }
        }
    }

    @Test
    void health_needs_no_token_and_readiness_reports_the_head() {
        HttpResponse<String> health = api.getAs(null, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertValid("Health", health);
        HttpResponse<String> ready = api.getAs(null, "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertValid("Readiness", ready);
        assertThat(json(ready).get("detail").asString()).contains("head seq 0");
    }

    @Test
    void a_reader_reads_but_may_not_write_and_bad_tokens_get_401_with_a_bearer_challenge() {
        assertThat(api.getAs(ApiHarness.READER, "/api/v1/head").statusCode()).isEqualTo(200);
        HttpResponse<String> denied = api.post(ApiHarness.READER, "/api/v1/events", "application/json",
                "{\"type\":\"audit.X\",\"aggregate\":\"a\"}");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertValid("Problem", denied);
        for (String token : new String[] {null, "not-a-token-at-all-000000"}) {
            HttpResponse<String> r = api.getAs(token, "/api/v1/head");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(api.store.head().seq()).isZero();
    }

    @Test
    void the_metrics_hook_sees_route_templates_and_statuses() {
        api.seed(1);
        api.get("/api/v1/events/1");
        api.get("/api/v1/events/9");
        assertThat(metrics).contains("/api/v1/events/{seq} 200", "/api/v1/events/{seq} 404");
    }

    @Test
    void auth_none_is_refused_on_a_non_loopback_bind_and_on_loopback_appends_as_anonymous() {
        Path other = dir.resolve("none");
        other.toFile().mkdirs();
        assertThatThrownBy(() -> new ApiHarness(other, c -> new ApiConfig("0.0.0.0", 0, AuthMode.NONE, null, 4096, Duration.ZERO), d -> d))
                .hasMessageContaining("RYNXS_API_AUTH none is refused");
        Path loop = dir.resolve("loop");
        loop.toFile().mkdirs();
        try (ApiHarness open = new ApiHarness(loop, c -> new ApiConfig("127.0.0.1", 0, AuthMode.NONE, null, 4096, Duration.ZERO), d -> d)) {
            HttpResponse<String> r = open.post(null, "/api/v1/events", "application/json", "{\"type\":\"audit.X\",\"aggregate\":\"a\"}");
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(open.store.event(1).orElseThrow().meta().toMap()).containsEntry("actor", "anonymous");
        }
    }
}
