package io.rynxs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rynxs.decision.ObservedSession;
import io.rynxs.event.NewEvent;
import io.rynxs.metrics.MetricsServer;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventStore;
import io.rynxs.store.FencedException;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Fencing (docs/DESIGN.md, High availability) as an operator sees it: an append below the head's epoch is refused by the store,
 * leaves the log as it was, counts exactly one on {@code rynxs_fenced_appends_total} as /metrics exports
 * it, and leaves one ERROR line naming the epochs.
 */
class FencedAppendIT {
    @TempDir
    Path dir;
    RynxsMetrics metrics;
    EventStore store;
    MetricsServer server;
    ListAppender<ILoggingEvent> lines;
    Logger logger;

    @BeforeEach
    void open() {
        metrics = new RynxsMetrics();
        store = EventStore.open(StoreOptions.of(dir.resolve("events.db")), metrics);
        server = MetricsServer.start(metrics, "127.0.0.1", 0);
        logger = (Logger) LoggerFactory.getLogger(OperatorLog.class);
        lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void close() {
        logger.detachAppender(lines);
        server.close();
        store.close();
    }

    private static NewEvent session(String name) {
        return new ObservedSession(name, Map.of("purpose", "fencing test")).event();
    }

    /** The counter's value as a Prometheus server would scrape it. */
    private double scraped() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().lines().filter(l -> l.startsWith("rynxs_fenced_appends_total ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("rynxs_fenced_appends_total is not exported:\n" + r.body()));
    }

    @Test
    void an_append_below_the_heads_epoch_is_refused_counted_once_and_logged() throws Exception {
        store.append(AppendRequest.of(session("s1"), 5));
        var head = store.head();
        assertThat(scraped()).isZero();

        OperatorLog deposed = new OperatorLog(store, new StateHistory(store, SnapshotPolicy.DEFAULT), 3);
        assertThatThrownBy(() -> deposed.append(session("s2"))).isInstanceOf(FencedException.class)
                .hasMessageContaining("epoch 3 is lower than the head's epoch 5");

        assertThat(store.head()).isEqualTo(head);
        assertThat(scraped()).isEqualTo(1.0);
        assertThat(lines.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).contains("append SessionObserved session/s2: fenced at epoch 3")
                    .contains("another replica leads now");
        });
    }

    @Test
    void appends_at_the_heads_epoch_or_above_are_taken_and_not_counted() throws Exception {
        store.append(AppendRequest.of(session("s1"), 5));
        OperatorLog leader = new OperatorLog(store, new StateHistory(store, SnapshotPolicy.DEFAULT), 5);
        leader.append(session("s2"));
        leader.epoch(6);
        leader.append(session("s3"));
        assertThat(store.head().seq()).isEqualTo(3);
        assertThat(store.head().epoch()).isEqualTo(6);
        assertThat(leader.state().sessions()).containsOnlyKeys("s1", "s2", "s3");
        assertThat(scraped()).isZero();
        assertThat(lines.list).isEmpty();
    }
}
