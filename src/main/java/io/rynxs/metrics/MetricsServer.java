package io.rynxs.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The {@code /metrics} endpoint on its own port (docs/DESIGN.md, Interfaces), separate from the API. */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    public static MetricsServer start(RynxsMetrics metrics, String bind, int port) {
        try {
            return new MetricsServer(HTTPServer.builder().hostname(bind).port(port).registry(metrics.registry()).buildAndStart());
        } catch (IOException e) {
            throw new UncheckedIOException("start metrics server on " + bind + ":" + port + ": " + e.getMessage()
                    + " (is the port free and the address one of this host's? set RYNXS_METRICS_PORT or RYNXS_METRICS_BIND)", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
