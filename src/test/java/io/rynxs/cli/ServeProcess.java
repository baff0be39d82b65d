package io.rynxs.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code rynxs serve} in a child JVM on free ports, as an operator would run it; stopped with SIGTERM. */
final class ServeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int apiPort;
    final int metricsPort;
    final Path log;
    private final Process process;

    private ServeProcess(Process process, int apiPort, int metricsPort, Path log) {
        this.process = process;
        this.apiPort = apiPort;
        this.metricsPort = metricsPort;
        this.log = log;
    }

    static ServeProcess start(Path dataDir, Map<String, String> env) {
        ServeProcess s = launch(dataDir, env);
        await("readyz of rynxs serve").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> s.statusOf("/readyz") == 200 || !s.process.isAlive());
        s.requireAlive();
        return s;
    }

    /**
     * Starts serve and waits until {@code /readyz} answers with a detail containing {@code detail}, ready or not
     * (a log refused for writing never becomes ready, and must still answer).
     */
    static ServeProcess startAnswering(Path dataDir, Map<String, String> env, String detail) {
        ServeProcess s = launch(dataDir, env);
        await("readyz of rynxs serve saying " + detail).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !s.process.isAlive() || s.readyzBody().contains(detail));
        s.requireAlive();
        return s;
    }

    /** The body of {@code /readyz}, empty while nothing answers. */
    String readyzBody() {
        try {
            return get(apiPort, "/readyz").body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("rynxs serve exited with " + process.exitValue() + ": " + logText());
        }
    }

    private static ServeProcess launch(Path dataDir, Map<String, String> env) {
        try {
            int api = freePort();
            int metrics = freePort();
            Path log = Files.createTempFile(dataDir.getParent(), "serve", ".log");
            ProcessBuilder pb = new ProcessBuilder(List.of(RynxsJar.java(), "-jar", RynxsJar.jar().toString(), "serve",
                    "--data", dataDir.toString(), "--api-port", String.valueOf(api), "--metrics-port", String.valueOf(metrics)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = new HashMap<>(Map.of("LC_ALL", "C.UTF-8"));
            environment.putAll(env);
            pb.environment().putAll(environment);
            return new ServeProcess(pb.start(), api, metrics, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int statusOf(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return get("127.0.0.1", port, path);
    }

    HttpResponse<String> get(String host, int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> postEvent(String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/events"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends SIGTERM and waits; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("rynxs serve did not stop within 60 s of SIGTERM: " + logText());
        }
        return process.exitValue();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
