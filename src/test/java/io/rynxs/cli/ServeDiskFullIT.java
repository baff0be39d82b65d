package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.rynxs.SmallTmpfs;
import org.junit.jupiter.api.Test;

/**
 * {@code rynxs serve} with its data directory on a 4 MB tmpfs (mounted by the test as root; skipped, saying
 * why, where it cannot be): appends until the disk refuses, then a 503 with {@code Retry-After} naming the
 * disk, {@code /readyz} not ready with the cause, {@code rynxs_write_failing 1}; the tmpfs grown, the next
 * append commits on the same process and readiness returns. Every acknowledged event is in the table.
 */
class ServeDiskFullIT {
    private static final String PAD = "x".repeat(3000);

    @Test
    void a_full_disk_answers_503_naming_it_turns_readiness_false_and_recovers_without_a_restart() throws Exception {
        try (SmallTmpfs disk = SmallTmpfs.mount(4)) {
            Path mount = disk.dir();
            Path data = mount.resolve("data");
            Map<Long, String> acked = new HashMap<>();
            try (ServeProcess serve = ServeProcess.start(data, Map.of("RYNXS_LINE_BUNDLE_EVENTS", "0"))) {
                HttpResponse<String> refused = null;
                for (int i = 0; i < 5_000 && refused == null; i++) {
                    HttpResponse<String> r = serve.postEvent(event(i));
                    if (r.statusCode() == 201) {
                        Map<String, Object> body = Json.parseObject(r.body(), 4);
                        acked.put((Long) body.get("seq"), (String) body.get("hash"));
                    } else {
                        refused = r;
                    }
                }
                assertThat(refused).as("the 4 MB disk filled up").isNotNull();
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.body()).contains("log-unavailable").contains("disk holding").contains(data.toString()).contains("is full");

                HttpResponse<String> ready = serve.get(serve.apiPort, "/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("appends are failing").contains("is full");
                assertThat(serve.get(serve.metricsPort, "/metrics").body()).contains("rynxs_write_failing 1.0");
                assertThat(serve.get(serve.apiPort, "/api/v1/head").statusCode()).as("the head is still served").isEqualTo(200);

                disk.grow(64);
                HttpResponse<String> after = serve.postEvent(event(-1));
                assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
                assertThat(serve.get(serve.apiPort, "/readyz").statusCode()).isEqualTo(200);
                assertThat(serve.get(serve.metricsPort, "/metrics").body()).contains("rynxs_write_failing 0.0");
                assertThat(serve.logText()).contains("appends are failing").contains("appends commit again");
                assertThat(serve.terminate()).isZero();
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("events.db"));
                 var st = c.prepareStatement("SELECT hash FROM events WHERE seq = ?")) {
                for (Map.Entry<Long, String> a : acked.entrySet()) {
                    st.setLong(1, a.getKey());
                    try (ResultSet rs = st.executeQuery()) {
                        assertThat(rs.next()).as("acknowledged seq %d is in the table", a.getKey()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo(a.getValue());
                    }
                }
            }
        }
    }

    private static String event(int i) {
        return "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s" + i + "\",\"payload\":{\"pad\":\"" + PAD + "\"}}";
    }
}
