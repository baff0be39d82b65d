package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.metrics.RynxsMetrics;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.store.AppendRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Shipping through an S3 outage, as an operator watches it: the metric follows the appends, and the log says failure and recovery. */
class ShippingOutageIT {
    @TempDir
    Path dir;

    S3ProxyServer server;
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger loopLogger = (Logger) LoggerFactory.getLogger(ShippingLoop.class);
    Level level;

    @BeforeEach
    void start() {
        server = new S3ProxyServer(dir.resolve("s3"));
        server.start();
        logged.start();
        level = loopLogger.getLevel();
        loopLogger.setLevel(Level.INFO);
        loopLogger.addAppender(logged);
    }

    @AfterEach
    void stop() {
        loopLogger.detachAppender(logged);
        loopLogger.setLevel(level);
        server.close();
    }

    @Test
    void unshipped_events_grow_with_every_append_while_the_sink_is_down_and_the_loop_logs_the_failure_and_the_recovery() {
        RynxsMetrics metrics = new RynxsMetrics();
        String bucket = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        try (TestLog log = new TestLog(dir.resolve("log.db"), 1, metrics);
             S3ObjectStore objects = new S3ObjectStore(server.settings(bucket))) {
            Shipper shipper = new Shipper(log.store, log.checkpoints, objects, SegmentLayout.DEFAULT, TestLog.SIGNER,
                    new ShippingPolicy(10, Duration.ofDays(1)), Clock.systemUTC(), metrics);
            ShippingLoop loop = new ShippingLoop(shipper, Duration.ofSeconds(1), Duration.ofSeconds(8));
            log.appendAudit(29);
            barrier(log);
            assertThat(loop.step()).as("shipped: the next step after the interval").isEqualTo(Duration.ofSeconds(1));
            assertThat(unshipped(metrics)).isZero();
            assertThat(messages()).anyMatch(m -> m.contains("shipped segment(s) 1-10, 11-20, 21-30") && m.contains("through seq 30"));

            server.stop();
            log.appendAudit(24);
            barrier(log);
            assertThat(unshipped(metrics)).as("no shipping attempt since, and still the count is current").isEqualTo(25);
            assertThat(loop.step()).as("failed: backing off").isEqualTo(Duration.ofSeconds(1));
            assertThat(loop.step()).isEqualTo(Duration.ofSeconds(2));
            log.appendAudit(4);
            barrier(log);
            assertThat(unshipped(metrics)).isEqualTo(30);
            assertThat(messages()).anyMatch(m -> m.startsWith("shipping failed (attempt 2 since "));

            server.start();
            assertThat(loop.step()).isEqualTo(Duration.ofSeconds(1));
            assertThat(log.store.head().seq()).isEqualTo(60);
            assertThat(unshipped(metrics)).isZero();
            assertThat(messages()).anyMatch(m -> m.startsWith("shipping recovered after 2 failed attempt(s) since ")
                    && m.contains("through seq 60 (head 60)"));
        }
    }

    /** A synchronous append: it returns after the observers (the metrics) were told of every batch before it. */
    private static void barrier(TestLog log) {
        log.store.append(AppendRequest.of(NewEvent.of("audit.Barrier", "session/b", "{}", null, JsonLimits.DEFAULT)));
    }

    private List<String> messages() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static double unshipped(RynxsMetrics metrics) {
        for (MetricSnapshot s : metrics.registry().scrape()) {
            if (s.getMetadata().getName().equals("rynxs_unshipped_events")) {
                return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
            }
        }
        throw new AssertionError("no rynxs_unshipped_events");
    }
}
