package io.rynxs.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code rynxs serve} in a podman container on the host network, on free ports; stopped with SIGTERM. */
final class ServeContainer {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static int started;

    final String name;
    final int api;
    final int metrics;
    /** From {@code podman run} to the first {@code /readyz} 200. */
    final long startMillis;
    private final Podman podman;

    private ServeContainer(Podman podman, String name, int api, int metrics, long startMillis) {
        this.podman = podman;
        this.name = name;
        this.api = api;
        this.metrics = metrics;
        this.startMillis = startMillis;
    }

    /** Runs {@code image} detached with {@code flags} and the two ports, and waits for {@code /readyz} 200. */
    static ServeContainer start(Podman podman, List<String> flags, String image) throws IOException, InterruptedException {
        String name = "rynxs-imageit-serve-" + (++started);
        int api = ServeProcess.freePort();
        int metrics = ServeProcess.freePort();
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(flags);
        args.addAll(List.of("-e", "RYNXS_API_PORT=" + api, "-e", "RYNXS_METRICS_PORT=" + metrics, image));
        long t0 = System.nanoTime();
        podman.ok(args.toArray(String[]::new));
        ServeContainer starting = new ServeContainer(podman, name, api, metrics, 0);
        long deadline = t0 + Duration.ofMinutes(2).toNanos();
        long lastCheck = 0;
        while (starting.status("/readyz") != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not ready within 2 minutes: " + starting.logs());
            }
            if (System.nanoTime() - lastCheck > 2_000_000_000L) {
                lastCheck = System.nanoTime();
                if (!podman.ok("inspect", "--format", "{{.State.Running}}", name).strip().equals("true")) {
                    throw new AssertionError(name + " exited before it was ready: " + starting.logs());
                }
            }
            Thread.sleep(100);
        }
        return new ServeContainer(podman, name, api, metrics, (System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code podman stop}: SIGTERM, then up to the chart's 60 s grace period before SIGKILL. Returns the milliseconds it took. */
    long stop() {
        long t0 = System.nanoTime();
        podman.ok("stop", "--time", "60", name);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    int exitCode() {
        return Integer.parseInt(podman.ok("inspect", "--format", "{{.State.ExitCode}}", name).strip());
    }

    /** The container's stdout and stderr, kept apart. */
    Podman.Result logs() {
        return podman.run("logs", name);
    }

    private int status(String path) {
        try {
            return get(path, null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    HttpResponse<String> get(String path, String token) throws IOException {
        return get("127.0.0.1", api, path, token);
    }

    HttpResponse<String> get(String host, int port, String path, String token) throws IOException {
        return send(authorized(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)), token).build());
    }

    HttpResponse<String> post(String json, String token) throws IOException {
        return send(authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/api/v1/events")), token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + request.uri(), e);
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder b, String token) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }
}
