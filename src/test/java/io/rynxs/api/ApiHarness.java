package io.rynxs.api;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.event.Event;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreObserver;
import io.rynxs.store.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real store in a temp dir and a real server on a free loopback port, with a reader and a writer token. */
final class ApiHarness implements AutoCloseable {
    static final String READER = "reader-token-0123456789abcdef";
    static final String WRITER = "writer-token-0123456789abcdef";
    static final String ORIGIN = "rynxs.test/api";

    final EventStore store;
    final StateHistory history;
    final Checkpoints checkpoints;
    final Ed25519Signer signer = Ed25519Signer.generate(ORIGIN);
    final ApiServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiHarness(Path dir) {
        this(dir, c -> c, d -> d);
    }

    ApiHarness(Path dir, UnaryOperator<ApiConfig> config, UnaryOperator<ApiDeps> deps) {
        this(dir, config, deps, StoreObserver.NONE);
    }

    /** With {@code observer} told of every committed batch, as {@code rynxs serve} tells its metrics. */
    ApiHarness(Path dir, UnaryOperator<ApiConfig> config, UnaryOperator<ApiDeps> deps, StoreObserver observer) {
        try {
            Path tokens = dir.resolve("tokens");
            Files.writeString(tokens, "# test tokens\n" + READER + " alice reader\n" + WRITER + " bob writer\n");
            store = EventStore.open(StoreOptions.of(dir.resolve("events.db")), observer);
            history = new StateHistory(store, SnapshotPolicy.DEFAULT);
            checkpoints = new Checkpoints(store, history, Clock.systemUTC());
            ApiConfig base = ApiConfig.of(AuthMode.TOKEN, tokens).withListen("127.0.0.1", 0).withMaxBodyBytes(64 * 1024);
            ApiDeps d = ApiDeps.of(store, history, checkpoints).withSigner(signer).withLimits(new JsonLimits(16 * 1024, 16));
            server = ApiServer.start(config.apply(base), deps.apply(d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends operator-style events straight to the store, as the operator would, and tells the tail. */
    List<Event> seed(int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = i % 2 == 0 ? "audit.ToolInvoked" : "audit.ToolFinished";
            String aggregate = i % 3 == 0 ? "session/s1" : "session/s2";
            out.add(store.append(AppendRequest.of(NewEvent.of(type, aggregate, "{\"i\":" + i + "}", null, JsonLimits.DEFAULT))));
        }
        server.onAppended(store.head().seq());
        return out;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), WRITER, headers);
    }

    HttpResponse<String> getAs(String token, String pathAndQuery, String... headers) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), token, headers);
    }

    HttpResponse<String> post(String token, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, token, headers);
    }

    HttpResponse<String> send(HttpRequest.Builder b, String token, String... headers) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        store.close();
    }
}
