package io.rynxs.state;

import static io.rynxs.state.TestLog.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The state's JSON is written straight into a buffer, section by section. It must be byte for byte what
 * the canonical writer makes of the records' {@code toJson()} maps, the form docs/EVENTS.md documents.
 */
class StateJsonProperties {

    @Property(tries = 300)
    void the_direct_writer_equals_the_canonical_form_of_the_records_maps(@ForAll("steps") List<RandomLog.Step> steps) {
        State state = Replay.replay(State.genesis(), RandomLog.build(steps).events);
        assertThat(state.toJson().text()).isEqualTo(reference(state));
    }

    @Test
    void escapes_rejections_a_leader_and_the_two_thread_path_match_the_reference() {
        TestLog log = new TestLog();
        for (int i = 0; i < 260; i++) {
            String name = "agent" + i;
            Event observed = log.agentObserved("team-" + i % 7, name, 1, obj("role", "w\"orker\\", "note", "é\u2028\u0001" + i));
            List<Action> actions = List.of(TestLog.action("Config\"Map", "team-" + i % 7, name + "-spec", "c" + i));
            log.actionsDecided("team-" + i % 7, name, observed, actions);
            log.actionApplied("team-" + i % 7, name, actions.get(0), "created");
        }
        log.append("ActionApplied", "agent/default/x", obj("agent", "not-a-key")); // rejected, reason quoted
        log.append("audit.ToolInvoked", "agent/d\u00e9fault/x", obj("note", "\u00e9"));
        log.leaderElected("rynxs-\"0\u00e9", 3);
        State state = Replay.replay(State.genesis(), log.events);

        assertThat(state.rejected()).isNotEmpty();
        assertThat(state.leader()).isPresent();
        assertThat(state.agents().size()).isGreaterThanOrEqualTo(200);
        assertThat(state.toJson().text()).isEqualTo(reference(state));

        ExecutorService helper = Executors.newSingleThreadExecutor();
        try {
            Set<String> writers = ConcurrentHashMap.newKeySet();
            State twoThreads = StateBuilder.from(state).build(task -> helper.execute(() -> {
                writers.add(Thread.currentThread().getName());
                task.run();
            }));
            assertThat(writers).as("the agents were written on the helper thread").hasSize(1);
            assertThat(twoThreads.toJson().text()).isEqualTo(reference(state));
            assertThat(twoThreads.hash()).isEqualTo(state.hash());
        } finally {
            helper.shutdown();
        }
    }

    /** The state as maps of the records' own JSON forms, canonicalized by JcsWriter (held to RFC 8785 elsewhere). */
    static String reference(State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agents", each(s.agents(), AgentEntry::toJson));
        m.put("applied", each(s.applied(), byId -> each(byId, Applied::toJson)));
        m.put("counts", s.counts());
        m.put("decisions", each(s.decisions(), Decision::toJson));
        m.put("failures", each(s.failures(), byId -> each(byId, Failure::toJson)));
        m.put("head", s.head().toJson());
        m.put("leader", s.leader().<Object>map(Leader::toJson).orElse(Json.NULL));
        List<Object> rejected = new ArrayList<>();
        s.rejected().forEach(r -> rejected.add(r.toJson()));
        m.put("rejected", rejected);
        m.put("sessions", each(s.sessions(), SessionEntry::toJson));
        m.put("v", StateJson.VERSION);
        return CanonicalJson.of(m).text();
    }

    private static <V> Map<String, Object> each(Map<String, V> source, Function<V, Object> toJson) {
        Map<String, Object> out = new TreeMap<>();
        source.forEach((k, v) -> out.put(k, toJson.apply(v)));
        return out;
    }

    @Provide
    Arbitrary<List<RandomLog.Step>> steps() {
        return RandomLog.steps(150);
    }
}
