package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.decision.OperatorWorkload;
import io.rynxs.operator.MockApiServer;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import io.rynxs.store.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code rynxs bench operator} through the real jar against the mock API server in its own JVM's place
 * (here in the test's): a few Agents, each recorded as exactly observed, decided and four applied, and
 * a report with both baselines and the memory figures; bad input exits 2 with one line.
 */
class BenchOperatorIT {
    @TempDir
    static Path dir;
    static MockApiServer mock;

    @BeforeAll
    static void start() {
        mock = MockApiServer.start(0, dir.resolve("mock.kubeconfig"));
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    @Test
    void five_agents_are_reconciled_into_exactly_six_events_each_and_the_report_has_its_baselines() {
        Path db = dir.resolve("bench.db");
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            new OperatorWorkload(3).append(store::appendAsync, 18); // a log that already holds other agents
        }
        RynxsJar.Result r = RynxsJar.run("bench", "operator", "--db", db.toString(), "--kubeconfig", mock.kubeconfig().toString(),
                "--agents", "5", "--namespace", "it", "--timeout", "90s", "--synchronous", "NORMAL", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode out = JsonMapper.builder().build().readTree(r.out());
        assertThat(out.get("operatorEvents").asLong()).isEqualTo(30);
        assertThat(out.get("expectedEvents").asLong()).isEqualTo(30);
        assertThat(out.get("reconciles").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(out.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(out.get("p50Ms").asDouble()).isPositive();
        assertThat(out.at("/baseline/eventsPerSecond").asLong()).isPositive();
        assertThat(out.at("/baseline/what").asString()).contains("30 appends");
        assertThat(out.at("/apiBaseline/roundTripsPerSecond").asLong()).isPositive();
        assertThat(out.at("/memory/rssMiB").asDouble()).isPositive();
        assertThat(out.at("/memory/heapUsedAfterGcMiB").asDouble()).isPositive();
        assertThat(out.get("logEvents").asLong()).isEqualTo(18 + 30 + 30); // workload, baseline appends, operator

        try (EventStore store = EventStore.open(StoreOptions.existing(db))) {
            Map<String, List<String>> byAgent = store.events(EventQuery.after(48, 1000)).stream()
                    .collect(Collectors.groupingBy(e -> e.aggregate(), Collectors.mapping(e -> e.type(), Collectors.toList())));
            assertThat(byAgent).hasSize(5).allSatisfy((agent, types) -> {
                assertThat(agent).startsWith("agent/it/bench-");
                assertThat(types).containsExactly("AgentObserved", "ActionsDecided", "ActionApplied", "ActionApplied", "ActionApplied",
                        "ActionApplied");
            });
        }
    }

    @Test
    void a_missing_log_or_unreadable_kubeconfig_exits_2_with_one_line() {
        Path none = dir.resolve("none.db");
        RynxsJar.Result noDb = RynxsJar.run("bench", "operator", "--db", none.toString(), "--kubeconfig", mock.kubeconfig().toString());
        assertThat(noDb.exit()).as(noDb.toString()).isEqualTo(2);
        assertThat(noDb.errLines()).singleElement().asString().contains(none + " does not exist");

        Path db = dir.resolve("empty.db");
        EventStore.open(StoreOptions.of(db)).close();
        Path kubeconfig = dir.resolve("no.kubeconfig");
        RynxsJar.Result noConfig = RynxsJar.run("bench", "operator", "--db", db.toString(), "--kubeconfig", kubeconfig.toString());
        assertThat(noConfig.exit()).as(noConfig.toString()).isEqualTo(2);
        assertThat(noConfig.errLines()).singleElement().asString().contains("cannot read kubeconfig " + kubeconfig);

        RynxsJar.Result agents = RynxsJar.run("bench", "operator", "--db", db.toString(), "--agents", "0");
        assertThat(agents.exit()).as(agents.toString()).isEqualTo(2);
        assertThat(agents.errLines()).singleElement().asString().contains("--agents 0 is outside 1..100000");
    }
}
