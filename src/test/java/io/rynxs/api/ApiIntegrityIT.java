package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.Json;
import io.rynxs.event.NewEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification endpoints against a database changed behind the server's back, over real HTTP: each
 * answers a report naming the seq (never a 500, never OK over a changed row), and a finding turns the server
 * unready and refuses appends from then on.
 */
class ApiIntegrityIT {
    @TempDir
    Path dir;

    @Test
    void a_changed_payload_is_named_by_verify_and_checkpoint_verify_and_the_log_takes_no_more_writes() throws Exception {
        try (ApiHarness api = new ApiHarness(dir)) {
            api.seed(60);
            assertThat(api.post(ApiHarness.WRITER, "/api/v1/checkpoints", null, "").statusCode()).isEqualTo(201);
            tamper("UPDATE events SET payload = '{\"i\":999}' WHERE seq = 30");

            Map<String, Object> checkpoint = json(api.get("/api/v1/checkpoints/60/verify"));
            assertThat(checkpoint).containsEntry("ok", false).containsEntry("code", "ROOT_MISMATCH").containsEntry("seq", 30L)
                    .containsEntry("finding", "HASH_MISMATCH");
            Map<String, Object> verify = json(api.get("/api/v1/verify"));
            assertThat(verify).containsEntry("ok", false).containsEntry("seq", 30L).containsEntry("code", "HASH_MISMATCH");

            HttpResponse<String> append = api.post(ApiHarness.WRITER, "/api/v1/events", "application/json",
                    "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/x\",\"payload\":{}}");
            assertThat(append.statusCode()).isEqualTo(503);
            assertThat(append.body()).contains("log-refused").contains("HASH_MISMATCH at seq 30");
            assertThat(append.headers().firstValue("Retry-After")).as("not retryable").isEmpty();
            HttpResponse<String> ready = api.get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("refused for writing");
            assertThat(api.store.head().seq()).isEqualTo(60);
        }
    }

    @Test
    void checkpoint_verify_over_a_re_hashed_row_answers_a_report_not_a_500() throws Exception {
        try (ApiHarness api = new ApiHarness(dir)) {
            List<Event> events = api.seed(60);
            assertThat(api.post(ApiHarness.WRITER, "/api/v1/checkpoints", null, "").statusCode()).isEqualTo(201);
            Event e = events.get(29);
            Event forged = Event.seal(new NewEvent(e.type(), e.aggregate(), new CanonicalJson("{\"i\":999}"),
                    e.meta()), e.seq(), e.time(), e.epoch(), e.prev());
            tamper("UPDATE events SET payload = '{\"i\":999}', hash = '" + forged.hash() + "' WHERE seq = 30");

            HttpResponse<String> r = api.get("/api/v1/checkpoints/60/verify");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r)).containsEntry("ok", false).containsEntry("code", "ROOT_MISMATCH").containsEntry("seq", 31L)
                    .containsEntry("finding", "LINK_BROKEN");
        }
    }

    @Test
    void an_untouched_log_verifies_against_its_checkpoints() {
        try (ApiHarness api = new ApiHarness(dir)) {
            api.seed(40);
            api.post(ApiHarness.WRITER, "/api/v1/checkpoints", null, "");
            api.seed(5);
            api.post(ApiHarness.WRITER, "/api/v1/checkpoints", null, "");
            assertThat(json(api.get("/api/v1/verify"))).containsEntry("ok", true).containsEntry("checked", 45L).containsEntry("commitments", 2L)
                    .containsEntry("committedThrough", 45L);
            assertThat(json(api.get("/api/v1/checkpoints/40/verify"))).containsEntry("ok", true).containsEntry("code", "OK");
            assertThat(api.get("/readyz").statusCode()).isEqualTo(200);
        }
    }

    private void tamper(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events.db")); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER events_no_update");
            st.execute(sql);
        }
    }

    private static Map<String, Object> json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parseObject(r.body(), 8);
    }
}
