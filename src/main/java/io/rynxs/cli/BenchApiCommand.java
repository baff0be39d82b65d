package io.rynxs.cli;

import io.javalin.Javalin;
import io.rynxs.api.ApiConfig;
import io.rynxs.api.ApiDeps;
import io.rynxs.api.ApiServer;
import io.rynxs.api.AuthMode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * HTTP throughput of the API under wrk, next to a hello-world Javalin app in the same process and run:
 * {@code GET /api/v1/events?limit=100} from random places in the log, and {@code GET /api/v1/state} at
 * random seqs.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "API requests/s and latency under wrk against a hello-world Javalin baseline (needs the wrk program).",
        footer = {"", "Example (on a log made by bench replay --generate):", "  rynxs bench api --db /tmp/replay.db --json"})
final class BenchApiCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--seconds", defaultValue = "15", description = "Duration of each wrk run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--connections", defaultValue = "32", description = "wrk connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        try (LogOpener log = LogOpener.open(db.existing())) {
            long head = log.store().head().seq();
            if (head < 200) {
                throw new UsageException("bench api: " + db.db + " holds " + head + " events (fill it with bench replay --generate first)");
            }
            log.history().runOnce();
            Javalin hello = Javalin.create(c -> c.routes.get("/", ctx -> ctx.result("hello world"))).start("127.0.0.1", 0);
            ApiServer api = ApiServer.start(ApiConfig.of(AuthMode.NONE, null).withListen("127.0.0.1", 0),
                    ApiDeps.of(log.store(), log.history(), log.checkpoints()));
            try {
                String base = "http://127.0.0.1:" + api.port();
                Wrk.run("http://127.0.0.1:" + hello.port() + "/", 2, connections, 3, null);
                Wrk.Result helloRun = Wrk.run("http://127.0.0.1:" + hello.port() + "/", 2, connections, seconds, null);
                Wrk.run(base + "/api/v1/events?limit=100", 2, connections, 3, randomAfterSeq(head));
                Wrk.Result events = Wrk.run(base + "/api/v1/events?limit=100", 2, connections, seconds, randomAfterSeq(head));
                Wrk.Result state = Wrk.run(base + "/api/v1/state", 2, 4, seconds, randomAtSeq(head));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("events", result(events, helloRun));
                out.put("state", result(state, helloRun));
                out.put("helloWorld", result(helloRun, helloRun));
                out.put("logEvents", head);
                out.put("machine", BenchReport.machine() + "; wrk on the same machine");
                Output.print(spec, json, out, String.format(
                        "GET /events?limit=100: %,.0f req/s (%.3f x hello world %,.0f), p99 %.2f ms; GET /state random: %,.0f req/s, p99 %.2f ms",
                        events.requestsPerSecond(), events.requestsPerSecond() / helloRun.requestsPerSecond(), helloRun.requestsPerSecond(),
                        events.p99Ms(), state.requestsPerSecond(), state.p99Ms()));
            } finally {
                api.stop();
                hello.stop();
            }
        }
    }

    private static Map<String, Object> result(Wrk.Result r, Wrk.Result baseline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestsPerSecond", Math.round(r.requestsPerSecond()));
        m.put("ratioToHelloWorld", Math.round(r.requestsPerSecond() / baseline.requestsPerSecond() * 1000) / 1000.0);
        m.put("p50Ms", r.p50Ms());
        m.put("p99Ms", r.p99Ms());
        m.put("non2xx", r.errors());
        return m;
    }

    private static String randomAfterSeq(long head) {
        return "math.randomseed(42)\nrequest = function()\n  return wrk.format(nil, \"/api/v1/events?limit=100&afterSeq=\" .. math.random(0, "
                + (head - 100) + "))\nend\n";
    }

    private static String randomAtSeq(long head) {
        return "math.randomseed(7)\nrequest = function()\n  return wrk.format(nil, \"/api/v1/state?atSeq=\" .. math.random(1, " + head + "))\nend\n";
    }
}
