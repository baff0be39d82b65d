package io.rynxs.bench;

import com.sun.management.OperatingSystemMXBean;
import io.javalin.Javalin;
import io.rynxs.api.ApiConfig;
import io.rynxs.api.ApiDeps;
import io.rynxs.api.ApiServer;
import io.rynxs.api.AuthMode;
import io.rynxs.api.StateQueryCounts;
import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.store.EventLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * HTTP throughput of the API under wrk, next to a hello-world Javalin app in the same process and run at
 * the same concurrency: {@code GET /api/v1/events?limit=100} from random places in the whole log, and
 * {@code GET /api/v1/state} at random seqs at each of the given concurrencies. Besides wrk's figures it
 * prints the server's CPU time per request (this JVM's, so wrk's own share is not in it), which moves
 * less than requests/s when other work shares the machine, and the load average around the run.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "API requests/s and latency under wrk against a hello-world Javalin baseline (needs the wrk program).",
        footer = {"", "Example (on a log made by bench replay --generate):", "  rynxs bench api --db /tmp/replay.db --json",
                "  rynxs bench api --db /tmp/replay.db --connections 32 --state-connections 4"})
final class BenchApiCommand implements Runnable {
    private static final double EVENTS_MIN_RATIO = 0.2;
    private static final double EVENTS_MAX_P99_MS = 25;
    private static final double STATE_MAX_P99_MS = 150;

    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--seconds", defaultValue = "15", description = "Duration of each wrk run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "10",
            description = "Seconds of the same load before each measured run, so the JIT has compiled the path it measures (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--connections", defaultValue = "8",
            description = "wrk connections for /events and the hello-world baseline (default ${DEFAULT-VALUE}: a handful of tools paging at once).")
    int connections;

    @Option(names = "--state-connections", defaultValue = "1,4", split = ",",
            description = "wrk connections for /state, one run each (default ${DEFAULT-VALUE}: one auditor, then four at once).")
    List<Integer> stateConnections;

    @Option(names = "--line-bundle-events", defaultValue = "4096", paramLabel = "N",
            description = "Events per line bundle, as RYNXS_LINE_BUNDLE_EVENTS (default ${DEFAULT-VALUE}; 0: every page from the events table).")
    int lineBundleEvents;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        check();
        // Writable: the benchmark writes the line bundles serve would have written (docs/design/line-bundles.md).
        try (EventLog log = EventLog.open(db.creating().withLineBundleSize(lineBundleEvents))) {
            long head = log.store().head().seq();
            if (head < 200) {
                throw new UsageException("bench api: " + db.db + " holds " + head + " events (fill it with bench replay --generate first)");
            }
            log.history().runOnce();
            long t0 = System.nanoTime();
            int written = log.store().writeLineBundles();
            Map<String, Object> bundles = Map.of("eventsEach", (long) lineBundleEvents, "inUse", (long) log.store().lineBundles().count(),
                    "writtenBeforeTheRun", (long) written, "writeMillis", (System.nanoTime() - t0) / 1_000_000);
            Javalin hello = Javalin.create(c -> c.routes.get("/", ctx -> ctx.result("hello world"))).start("127.0.0.1", 0);
            ApiServer api = ApiServer.start(ApiConfig.of(AuthMode.NONE, null).withListen("127.0.0.1", 0),
                    ApiDeps.of(log.store(), log.history(), log.checkpoints()));
            try {
                Map<String, Object> out = measure(hello.port(), api, head, bundles);
                Output.print(spec, json, out, human(out));
            } finally {
                api.stop();
                hello.stop();
            }
        }
    }

    private void check() {
        if (seconds < 1 || seconds > 3600) {
            throw new UsageException("bench api: --seconds " + seconds + " is out of range (allowed: 1..3600)");
        }
        if (lineBundleEvents < 0 || lineBundleEvents > 1 << 20) {
            throw new UsageException("bench api: --line-bundle-events " + lineBundleEvents + " is out of range (allowed: 0..1048576)");
        }
        if (warmup < 1 || warmup > 600) {
            throw new UsageException("bench api: --warmup " + warmup + " is out of range (allowed: 1..600)");
        }
        if (connections < 2 || connections > 1000) {
            throw new UsageException("bench api: --connections " + connections + " is out of range (allowed: 2..1000; wrk runs two threads)");
        }
        for (int c : stateConnections) {
            if (c < 1 || c > 1000) {
                throw new UsageException("bench api: --state-connections " + c + " is out of range (allowed: 1..1000 each)");
            }
        }
    }

    private Map<String, Object> measure(int helloPort, ApiServer api, long head, Map<String, Object> lineBundles) {
        String base = "http://127.0.0.1:" + api.port();
        String loadBefore = loadAverage();
        String helloUrl = "http://127.0.0.1:" + helloPort + "/";
        run(helloUrl, connections, warmup, null);
        Measured helloRun = run(helloUrl, connections, seconds, null);
        run(base + "/api/v1/events?limit=100", connections, warmup, randomAfterSeq(head));
        Measured events = run(base + "/api/v1/events?limit=100", connections, seconds, randomAfterSeq(head));
        run(base + "/api/v1/state", 1, warmup, randomAtSeq(head, 0));
        List<Map<String, Object>> states = new ArrayList<>();
        for (int c : stateConnections) {
            StateQueryCounts before = api.stateQueries();
            Measured state = run(base + "/api/v1/state", c, seconds, randomAtSeq(head, c));
            StateQueryCounts after = api.stateQueries();
            Map<String, Object> m = result(state, helloRun);
            m.put("connections", (long) c);
            m.put("replayed", after.replayed() - before.replayed());
            m.put("sharedReplay", after.shared() - before.shared());
            m.put("keptState", after.kept() - before.kept());
            m.put("targetP99Ms", STATE_MAX_P99_MS);
            m.put("met", state.wrk.p99Ms() < STATE_MAX_P99_MS && state.wrk.errors() == 0);
            states.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> ev = result(events, helloRun);
        ev.put("connections", (long) connections);
        ev.put("target", "ratio >= " + EVENTS_MIN_RATIO + " and p99 < " + EVENTS_MAX_P99_MS + " ms");
        ev.put("met", events.wrk.requestsPerSecond() / helloRun.wrk.requestsPerSecond() >= EVENTS_MIN_RATIO
                && events.wrk.p99Ms() < EVENTS_MAX_P99_MS && events.wrk.errors() == 0);
        out.put("events", ev);
        Map<String, Object> hw = result(helloRun, helloRun);
        hw.put("connections", (long) connections);
        out.put("helloWorld", hw);
        out.put("state", states);
        out.put("logEvents", head);
        out.put("lineBundles", lineBundles);
        out.put("loadAverage", Map.of("before", loadBefore, "after", loadAverage()));
        out.put("machine", BenchReport.machine() + "; wrk (2 threads) on the same machine");
        return out;
    }

    /** A wrk run and the CPU time this JVM spent during it, per request. */
    private record Measured(Wrk.Result wrk, double cpuMicrosPerRequest) {}

    private Measured run(String url, int conns, int secs, String script) {
        long cpu0 = processCpuNanos();
        Wrk.Result r = Wrk.run(url, Math.min(2, conns), conns, secs, script);
        long cpu1 = processCpuNanos();
        double requests = r.requestsPerSecond() * secs;
        return new Measured(r, requests <= 0 ? -1 : (cpu1 - cpu0) / 1000.0 / requests);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static Map<String, Object> result(Measured m, Measured baseline) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestsPerSecond", Math.round(m.wrk.requestsPerSecond()));
        out.put("ratioToHelloWorld", Math.round(m.wrk.requestsPerSecond() / baseline.wrk.requestsPerSecond() * 1000) / 1000.0);
        out.put("p50Ms", m.wrk.p50Ms());
        out.put("p99Ms", m.wrk.p99Ms());
        out.put("non2xx", m.wrk.errors());
        out.put("serverCpuMicrosPerRequest", Math.round(m.cpuMicrosPerRequest * 10) / 10.0);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String human(Map<String, Object> out) {
        Map<String, Object> ev = (Map<String, Object>) out.get("events");
        Map<String, Object> hw = (Map<String, Object>) out.get("helloWorld");
        StringBuilder s = new StringBuilder(String.format(
                "GET /events?limit=100, %d connections: %,d req/s (%.3f x hello world %,d), p50 %.2f ms, p99 %.2f ms,"
                        + " server CPU %.0f us/request (hello world %.0f), %s%n",
                (Long) ev.get("connections"), (Long) ev.get("requestsPerSecond"), (Double) ev.get("ratioToHelloWorld"),
                (Long) hw.get("requestsPerSecond"), (Double) ev.get("p50Ms"), (Double) ev.get("p99Ms"),
                (Double) ev.get("serverCpuMicrosPerRequest"), (Double) hw.get("serverCpuMicrosPerRequest"),
                (Boolean) ev.get("met") ? "target met" : "target missed"));
        for (Map<String, Object> st : (List<Map<String, Object>>) out.get("state")) {
            s.append(String.format("GET /state random atSeq, %d connections: %,d req/s, p50 %.2f ms, p99 %.2f ms (%d replays, %d shared, %d kept), %s%n",
                    (Long) st.get("connections"), (Long) st.get("requestsPerSecond"), (Double) st.get("p50Ms"), (Double) st.get("p99Ms"),
                    (Long) st.get("replayed"), (Long) st.get("sharedReplay"), (Long) st.get("keptState"),
                    (Boolean) st.get("met") ? "target met" : "target missed"));
        }
        s.append("load average ").append(((Map<String, Object>) out.get("loadAverage")).get("before")).append(" before, ")
                .append(((Map<String, Object>) out.get("loadAverage")).get("after")).append(" after");
        return s.toString();
    }

    private static String randomAfterSeq(long head) {
        return randomRequests(42, "/api/v1/events?limit=100&afterSeq=\" .. math.random(0, " + (head - 100) + ")");
    }

    /** Every run its own seed, so no run asks for the seqs a run before it left in the kept states. */
    private static String randomAtSeq(long head, int salt) {
        return randomRequests(7 + 1000L * salt, "/api/v1/state?atSeq=\" .. math.random(1, " + head + ")");
    }

    /**
     * A wrk script whose requests end in a random number. Each wrk thread has its own Lua state: seeded
     * alike, two threads would send the same sequence side by side and meet in caches (and in shared
     * replays), so each thread gets its own seed.
     */
    private static String randomRequests(long seed, String pathThenRandom) {
        return "local threads = 0\n"
                + "function setup(thread)\n  threads = threads + 1\n  thread:set(\"id\", threads)\nend\n"
                + "function init(args)\n  math.randomseed(" + seed + " + 7919 * id)\nend\n"
                + "request = function()\n  return wrk.format(nil, \"" + pathThenRandom + ")\nend\n";
    }
}
