package io.rynxs.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JsonMapper;
import io.javalin.router.Endpoint;
import io.rynxs.config.ListenAddress;
import io.rynxs.event.Json;
import io.rynxs.store.Provenance;
import io.rynxs.store.Quarantine;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The REST API (docs/DESIGN.md, Interfaces) on its own port: one route table ({@link #routes}), handlers that parse,
 * call one store method and render one record, and {@link ProblemMapper} for every failure.
 *
 * <p>Wiring: {@code ApiServer.start(apiConfig, ApiDeps.of(store, history, checkpoints).withSigner(...))};
 * whoever appends outside the API calls {@link #onAppended} so stream clients hear at once.
 */
public final class ApiServer implements AutoCloseable {
    static final String BASE = "/api/v1";
    /** The logger of the access lines (one per request; 5xx at WARN), for whoever sets log levels. */
    public static final String ACCESS_LOGGER = AccessLog.LOGGER;
    /**
     * Replays for {@code /state} at once: one per core. A replay's own reader thread keeps a second core
     * busy only part of the time, so two at once on two cores still gained throughput (13 against 10 per
     * second, BENCHMARKS.md); more would only share the CPU and stretch every one of them.
     */
    private static final int REPLAYS_AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Replays that may wait for a turn; beyond that {@code /state} answers 503 with Retry-After. */
    private static final int REPLAYS_WAITING = 64;
    /** States kept from recent replays: each is its canonical JSON (about 2 MB with 1,000 agents). */
    private static final int STATES_KEPT = 8;

    private final Javalin app;
    private final EventTail tail;
    private final StateReplays replays;
    private final AtomicBoolean closing = new AtomicBoolean();

    private ApiServer(ApiConfig config, ApiDeps deps, Authenticator authenticator) {
        this.tail = new EventTail(deps.store());
        EventHandlers events = new EventHandlers(deps.store(), deps.limits(), deps.epoch(), config.maxBodyBytes(), closing::get,
                deps.writable());
        QuarantineHandlers quarantine = new QuarantineHandlers(new Quarantine(deps.store()));
        this.replays = new StateReplays(deps.history()::at, REPLAYS_AT_ONCE, REPLAYS_WAITING, STATES_KEPT, deps.metrics());
        LogHandlers log = new LogHandlers(deps.store(), replays, deps.audit(), deps.metrics());
        ProofHandlers proofs = new ProofHandlers(deps.store(), deps.checkpoints());
        CheckpointHandlers checkpoints = new CheckpointHandlers(deps.store(), deps.checkpoints(), deps.signer(), deps.verifierKeys(), deps.metrics());
        HealthHandlers health = new HealthHandlers(deps.store(), deps.readiness(), closing::get);
        ProvenanceHandlers provenance = new ProvenanceHandlers(new Provenance(deps.store(), deps.checkpoints()));
        AuthFilter auth = new AuthFilter(authenticator);
        this.app = Javalin.create(c -> {
            configure(c, config, deps.metrics());
            c.routes.before(TraceIds::begin);
            c.routes.beforeMatched(auth::check);
            c.routes.after(TraceIds::end);
            c.routes.exception(Exception.class, ProblemMapper::handle);
            c.routes.error(404, ProblemMapper::unrouted);
            c.routes.error(405, ProblemMapper::unrouted);
            c.routes.error(408, ProblemMapper::timedOut);
            c.routes.error(413, ProblemMapper::bodyTooLarge);
            routes(c, events, log, proofs, checkpoints, health, provenance, tail, quarantine);
        });
    }

    /** The whole API: path, handler and what the caller needs. Kept in step with openapi.yaml by RoutesMatchSpecIT. */
    private static void routes(JavalinConfig c, EventHandlers events, LogHandlers log, ProofHandlers proofs,
                               CheckpointHandlers checkpoints, HealthHandlers health, ProvenanceHandlers provenance,
                               EventTail tail, QuarantineHandlers quarantine) {
        c.routes.get(BASE + "/events", events::list, Access.LIST);
        c.routes.post(BASE + "/events", events::append, Access.CREATE);
        c.routes.get(BASE + "/events/stream", tail::open, Access.LIST);
        c.routes.get(BASE + "/events/{seq}", events::one, Access.GET);
        c.routes.get(BASE + "/head", log::head, Access.GET);
        c.routes.get(BASE + "/state", log::state, Access.GET);
        c.routes.get(BASE + "/verify", log::verify, Access.GET);
        c.routes.get(BASE + "/checkpoints", checkpoints::list, Access.LIST);
        c.routes.post(BASE + "/checkpoints", checkpoints::create, Access.CREATE);
        c.routes.get(BASE + "/checkpoints/latest", checkpoints::latest, Access.GET);
        c.routes.get(BASE + "/checkpoints/{treeSize}", checkpoints::one, Access.GET);
        c.routes.get(BASE + "/checkpoints/{treeSize}/verify", checkpoints::verify, Access.GET);
        c.routes.get(BASE + "/proofs/inclusion", proofs::inclusion, Access.GET);
        c.routes.get(BASE + "/proofs/consistency", proofs::consistency, Access.GET);
        c.routes.get(BASE + "/proofs/{seq}.tlog-proof", proofs::file, Access.GET);
        c.routes.get(BASE + "/provenance", provenance::explain, Access.GET);
        c.routes.get(BASE + "/keys", checkpoints::keys, Access.LIST);
        c.routes.get(BASE + "/quarantine", quarantine::list, Access.LIST);
        c.routes.get("/healthz", health::healthz, Access.PUBLIC);
        c.routes.get("/readyz", health::readyz, Access.PUBLIC);
    }

    private static void configure(JavalinConfig c, ApiConfig config, HttpMetrics metrics) {
        c.startup.showJavalinBanner = false;
        c.http.maxRequestSize = config.maxBodyBytes();
        c.http.generateEtags = false;
        c.http.prefer405over404 = true;
        c.jsonMapper(new JsonMapper() {
            @Override
            public String toJsonString(Object obj, Type type) {
                return Json.write(obj);
            }
        });
        // Early errors (unparsable request line or headers, refused paths, unreadable bodies) answer problem+json too.
        c.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrors()));
        c.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new ProtocolErrors()));
        c.jetty.modifyHttpConfiguration(http -> {
            http.setIdleTimeout(config.idleTimeout().toMillis());
            http.setMinRequestDataRate(ApiConfig.MIN_BODY_BYTES_PER_SECOND);
        });
        c.requestLogger.http((ctx, millis) -> {
            Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            String route = matched == null ? "unmatched" : matched.path;
            metrics.record(route, ctx.statusCode(), millis / 1000.0);
            AccessLog.record(ctx, route, millis);
        });
    }

    /**
     * Checks the config (auth mode {@code none} only on a loopback address), builds the authenticator
     * unless {@code deps} carries one, and listens. {@code port()} tells the bound port.
     */
    public static ApiServer start(ApiConfig config, ApiDeps deps) {
        Authenticator authenticator = deps.authenticator() != null ? deps.authenticator() : authenticator(config);
        if (config.authMode() == AuthMode.NONE && !ListenAddress.isLoopback(config.bind())) {
            throw new IllegalArgumentException("RYNXS_API_AUTH none is refused on bind address " + config.bind()
                    + " (it lets anyone append; bind to 127.0.0.1 or use token or kubernetes)");
        }
        ApiServer server = new ApiServer(config, deps, authenticator);
        server.app.start(config.bind(), config.port());
        return server;
    }

    private static Authenticator authenticator(ApiConfig config) {
        return switch (config.authMode()) {
            case NONE -> Authenticator.ANONYMOUS;
            case TOKEN -> TokenFileAuthenticator.load(config.tokenFile());
            case KUBERNETES -> new KubernetesAuthenticator(new io.fabric8.kubernetes.client.KubernetesClientBuilder().build(),
                    config.authCacheTtl(), Clock.systemUTC());
        };
    }

    /** The port the server listens on (the real one when the config asked for 0). */
    public int port() {
        return app.port();
    }

    /** Tell stream clients the head moved (call after each append made outside the API). */
    public void onAppended(long headSeq) {
        tail.onAppended(headSeq);
    }

    /** Method and path of every registered route, for the spec check. */
    List<String> routeKeys() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(e.endpoint.method.name()))
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).toList();
    }

    /** How {@code /state} requests were answered so far (own replay, shared replay, kept state). */
    public StateQueryCounts stateQueries() {
        return replays.counts();
    }

    /** Refuses new appends, ends the streams, stops listening. The store stays open: its owner closes it. */
    public void stop() {
        closing.set(true);
        tail.close();
        replays.close();
        app.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
