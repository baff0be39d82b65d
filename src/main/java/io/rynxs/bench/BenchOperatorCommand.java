package io.rynxs.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rynxs.config.Durations;
import io.rynxs.config.OperatorSection;
import io.rynxs.console.DbOption;
import io.rynxs.console.Output;
import io.rynxs.console.UsageException;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.operator.AgentResources;
import io.rynxs.operator.OperatorConfig;
import io.rynxs.operator.OperatorMetrics;
import io.rynxs.operator.OperatorRuntime;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The operator at scale: creates N Agents in a fresh namespace of an API server, starts the operator loop
 * on the given log and waits until every Agent is Ready and the log is still. Prints the operator's events
 * per second and reconcile p50/p99 next to two baselines measured first in the same run: the same number
 * of bare appends to the same store, one at a time, and N create+get round trips to the API server. Then
 * the process's resident memory with N Agents and the whole log behind them.
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Reconcile N Agents against an API server; events/s and reconcile p50/p99 next to raw appends and API round trips.",
        footer = {"", "The log is appended to: benchmark a copy. Without a cluster, start the mock API server first:",
                "  scripts/mock-apiserver.sh --kubeconfig /tmp/mock.kubeconfig &",
                "  cp /tmp/bench/1m.db /tmp/op.db && rynxs bench operator --db /tmp/op.db --kubeconfig /tmp/mock.kubeconfig --json"})
final class BenchOperatorCommand implements Runnable {
    private static final String[] ROLES = {"worker", "manager", "director"};

    @Spec
    CommandSpec spec;

    @Mixin
    DbOption db;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig of the API server (default: $KUBECONFIG, ~/.kube/config or in-cluster, as fabric8 finds them).")
    Path kubeconfig;

    @Option(names = "--agents", defaultValue = "1000", description = "Agents to create and reconcile (default ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--namespace", description = "Namespace for the Agents (default rynxs-bench-<time>, new each run).")
    String namespace;

    @Option(names = "--timeout", defaultValue = "30m", description = "Give up when not settled after this long (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        if (agents < 1 || agents > 100_000) {
            throw new UsageException("bench operator: --agents " + agents + " is outside 1..100000");
        }
        long timeoutNanos = Durations.parse(timeout).orElseThrow(() -> new UsageException(
                "bench operator: --timeout \"" + timeout + "\" is not a duration (use a number with ms, s, m or h, e.g. 30m)")).toNanos();
        if (!Files.isRegularFile(db.db)) {
            throw new UsageException("bench operator: " + db.db + " does not exist (give a copy of a log: the benchmark appends to it)");
        }
        String ns = namespace != null ? namespace : "rynxs-bench-" + System.currentTimeMillis() / 1000;
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build();
             EventStore store = EventStore.open(db.creating())) {
            checkCrd(client, ns);
            Map<String, Object> apiBaseline = apiRoundTrips(client, ns);
            Map<String, Object> appendBaseline = appends(store, agents * 6);
            createAgents(client, ns);

            StateHistory history = new StateHistory(store, SnapshotPolicy.DEFAULT);
            ConcurrentLinkedQueue<Long> durations = new ConcurrentLinkedQueue<>();
            OperatorMetrics metrics = new OperatorMetrics() {
                @Override
                public void reconciled(String resourceType, double seconds) {
                    if (resourceType.equals("Agent")) {
                        durations.add((long) (seconds * 1e9));
                    }
                }
            };
            long before = store.head().seq();
            long t0 = System.nanoTime();
            long startNanos;
            long lastChange;
            try (OperatorRuntime runtime = OperatorRuntime.start(client, store, history, config(ns), metrics)) {
                startNanos = System.nanoTime() - t0;
                lastChange = settle(client, store, ns, t0, timeoutNanos);
            }
            long events = store.head().seq() - before;
            double seconds = (lastChange - t0) / 1e9;
            ProcessMemory settled = ProcessMemory.now();
            System.gc();
            ProcessMemory afterGc = ProcessMemory.now();

            long[] latencies = durations.stream().mapToLong(Long::longValue).toArray();
            double rate = events / seconds;
            double baselineRate = ((Number) appendBaseline.get("eventsPerSecond")).doubleValue();
            Map<String, Object> out = BenchReport.of(rate, baselineRate, appendBaseline.get("what").toString(), latencies);
            out.put("agents", agents);
            out.put("namespace", ns);
            out.put("operatorEvents", events);
            out.put("expectedEvents", agents * 6L);
            out.put("reconciles", latencies.length);
            out.put("seconds", Math.round(seconds * 1000) / 1000.0);
            out.put("startupMs", startNanos / 1_000_000);
            out.put("logEvents", store.head().seq());
            out.put("apiBaseline", apiBaseline);
            Map<String, Object> memory = settled.toJson();
            memory.put("heapUsedAfterGcMiB", afterGc.toJson().get("heapUsedMiB"));
            out.put("memory", memory);
            out.put("machine", BenchReport.machine());
            Output.print(spec, json, out, String.format(
                    "operator: %d agents in %.1f s, %,.0f events/s (%d events), reconcile p50 %s ms, p99 %s ms; baseline %,.0f appends/s"
                            + " (ratio %.3f), API create+get p50 %s ms; RSS %s MiB (peak %s), heap %s MiB after GC of %s max; log %,d events",
                    agents, seconds, rate, events, out.get("p50Ms"), out.get("p99Ms"), baselineRate, rate / baselineRate,
                    apiBaseline.get("p50Ms"), memory.get("rssMiB"), memory.get("peakRssMiB"), memory.get("heapUsedAfterGcMiB"),
                    memory.get("heapMaxMiB"), store.head().seq()));
        }
    }

    private Config config() {
        if (kubeconfig == null) {
            return Config.autoConfigure(null);
        }
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException | RuntimeException e) {
            throw new UsageException("bench operator: cannot read kubeconfig " + kubeconfig + ": " + e.getMessage()
                    + " (give a kubeconfig file, e.g. the one scripts/mock-apiserver.sh writes)");
        }
    }

    private OperatorConfig config(String ns) {
        OperatorConfig c = OperatorConfig.of(OperatorSection.load(System.getenv()));
        // One process, no Lease: the loop starts at once at the head's epoch, as `rynxs serve` without leader election.
        return new OperatorConfig(List.of(ns), false, c.leaseName(), c.leaseNamespace(), c.identity(), c.leaseDuration(),
                c.renewDeadline(), c.retryPeriod(), c.resyncPeriod(), c.workers(), c.backoff());
    }

    private static void checkCrd(KubernetesClient client, String ns) {
        try {
            client.genericKubernetesResources(AgentResources.AGENTS).inNamespace(ns).list();
        } catch (KubernetesClientException e) {
            throw new UsageException("bench operator: cannot list agents.universe.ai at " + client.getMasterUrl() + ": HTTP "
                    + e.getCode() + " " + e.getMessage() + " (install helm/rynxs/crds first, or start scripts/mock-apiserver.sh)");
        }
    }

    /** Baseline: N ConfigMap create + get round trips to the same API server, one at a time. */
    private Map<String, Object> apiRoundTrips(KubernetesClient client, String ns) {
        long[] latencies = new long[agents];
        long t0 = System.nanoTime();
        for (int i = 0; i < agents; i++) {
            long s = System.nanoTime();
            var cm = new ConfigMapBuilder().withNewMetadata().withName("baseline-" + i).withNamespace(ns).endMetadata()
                    .withData(Map.of("agent.json", "{\"role\":\"worker\",\"team\":\"team-" + i % 7 + "\"}")).build();
            client.configMaps().inNamespace(ns).resource(cm).create();
            client.configMaps().inNamespace(ns).withName("baseline-" + i).get();
            latencies[i] = System.nanoTime() - s;
        }
        double rate = agents / ((System.nanoTime() - t0) / 1e9);
        Map<String, Object> out = BenchReport.of(rate, rate, "", latencies);
        out.remove("baseline");
        out.remove("ratio");
        out.put("roundTripsPerSecond", out.remove("eventsPerSecond"));
        out.put("what", agents + " ConfigMap create + get round trips, one at a time");
        return out;
    }

    /** Baseline: {@code n} appends of operator-sized events to the same store, each waiting for its commit. */
    private static Map<String, Object> appends(EventStore store, int n) {
        long epoch = store.head().epoch();
        String filler = "x".repeat(300);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            store.append(AppendRequest.of(NewEvent.of("bench.BaselineAppended", "bench/baseline",
                    "{\"i\":" + i + ",\"filler\":\"" + filler + "\"}", null, JsonLimits.DEFAULT), epoch));
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        return Map.of("eventsPerSecond", rate,
                "what", n + " appends of 300-byte events to the same store, one at a time, each waiting for its commit");
    }

    private void createAgents(KubernetesClient client, String ns) {
        for (int i = 0; i < agents; i++) {
            GenericKubernetesResource a = new GenericKubernetesResourceBuilder().withApiVersion(AgentResources.API_VERSION)
                    .withKind("Agent").withNewMetadata().withName("bench-" + i).withNamespace(ns).endMetadata().build();
            a.setAdditionalProperty("spec", Map.of("role", ROLES[i % 3], "team", "team-" + i % 7,
                    "image", Map.of("repository", "ghcr.io/rynxs/agent-runtime", "tag", "v0.1." + i % 5)));
            client.genericKubernetesResources(AgentResources.AGENTS).inNamespace(ns).resource(a).create();
        }
    }

    /**
     * Waits until every Agent reports Ready for its generation and the log has not moved for a second
     * (status writes queue the Agents again; those reconciles must append nothing). Returns when the log last moved.
     */
    private long settle(KubernetesClient client, EventStore store, String ns, long t0, long timeoutNanos) {
        long lastHead = store.head().seq();
        long lastChange = System.nanoTime();
        long nextCheck = 0;
        int ready = 0;
        while (true) {
            long now = System.nanoTime();
            long head = store.head().seq();
            if (head != lastHead) {
                lastHead = head;
                lastChange = now;
            }
            if (now >= nextCheck) {
                ready = ready(client, ns);
                nextCheck = System.nanoTime() + 1_000_000_000L;
                if (ready == agents && System.nanoTime() - lastChange > 1_000_000_000L) {
                    return lastChange;
                }
            }
            if (now - t0 > timeoutNanos) {
                throw new UsageException("bench operator: " + ready + " of " + agents + " Agents Ready after " + timeout
                        + " (see the operator's log lines; raise --timeout on a slow machine)");
            }
            try {
                Thread.sleep(20); // polls the in-memory head; the API server is asked once a second
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UsageException("bench operator: interrupted");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static int ready(KubernetesClient client, String ns) {
        int n = 0;
        for (GenericKubernetesResource a : client.genericKubernetesResources(AgentResources.AGENTS).inNamespace(ns).list().getItems()) {
            Object s = a.getAdditionalProperties().get("status");
            if (s instanceof Map<?, ?> status && "Ready".equals(status.get("phase"))
                    && status.get("observedGeneration") instanceof Number g && g.longValue() == a.getMetadata().getGeneration()) {
                n++;
            }
        }
        return n;
    }
}
