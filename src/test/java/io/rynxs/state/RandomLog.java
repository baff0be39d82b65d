package io.rynxs.state;

import static io.rynxs.state.TestLog.obj;

import io.rynxs.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Turns a list of generated steps into a realistic log: every event type, some unknown, some malformed. */
final class RandomLog {
    /** One generated step: which kind of event, about which agent or session, and a variant selector. */
    record Step(int kind, int target, int variant) {}

    static final int KINDS = 13;
    private static final String[] NAMESPACES = {"default", "team-a"};
    private static final String[] RESULTS = {"created", "updated", "unchanged"};

    private RandomLog() {}

    /** Random step lists of up to {@code maxSize} steps, for property tests over whole logs. */
    static Arbitrary<List<Step>> steps(int maxSize) {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, KINDS - 1),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 11)).as(Step::new);
        return step.list().ofMinSize(0).ofMaxSize(maxSize);
    }

    static TestLog build(List<Step> steps) {
        TestLog log = new TestLog();
        Map<String, List<Action>> decided = new HashMap<>();
        for (Step s : steps) {
            String ns = NAMESPACES[s.target() % 2];
            String name = "agent" + (s.target() % 3);
            String key = ns + "/" + name;
            switch (s.kind()) {
                case 0 -> log.agentObserved(ns, name, 1 + s.variant() % 4, obj("role", s.variant() % 2 == 0 ? "worker" : "manager",
                        "image", obj("tag", "v" + s.variant() % 3), "manages", List.of("x", "y").subList(0, s.variant() % 3)));
                case 1 -> log.agentDeleted(ns, name);
                case 2 -> {
                    List<Action> actions = actions(ns, name, s.variant());
                    decided.put(key, actions);
                    log.actionsDecided(ns, name, log.events.isEmpty() ? anyEvent(log) : log.last(), actions);
                }
                case 3 -> log.actionApplied(ns, name, pick(decided, key, ns, name, s.variant()), RESULTS[s.variant() % 3]);
                case 4 -> log.actionFailed(ns, name, pick(decided, key, ns, name, s.variant()),
                        FailureCode.values()[s.variant() % FailureCode.values().length].name(), "error \u00e9 " + s.variant());
                case 5 -> log.sessionObserved("s" + s.target() % 2, obj("goal", "g" + s.variant(), "n", (long) s.variant()));
                case 6 -> log.sessionDeleted("s" + s.target() % 2);
                case 7 -> log.leaderElected("rynxs-" + s.target() % 2, s.variant());
                case 8 -> log.append("LegacyLogImported", "operator", obj("source", "old.ndjson", "count", (long) s.variant()));
                case 9 -> log.append("audit.ToolInvoked", "agent/" + key, obj("tool", "grep", "score", s.variant() / 4.0));
                case 10 -> log.append("legacy.AgentCreated", "legacy/" + name, obj("raw", "{}"));
                case 11 -> log.append("AgentObserved", "agent/" + key, obj("namespace", ns, "name", name, "generation", -1L));
                default -> log.append("ActionApplied", "agent/" + key, obj("agent", key, "actionId", "short", "result", "gone"));
            }
        }
        return log;
    }

    /** The first event needs a trigger before it; decisions at seq 1 get a leader event to point at. */
    private static Event anyEvent(TestLog log) {
        return log.leaderElected("rynxs-0", 0);
    }

    private static List<Action> actions(String ns, String name, int variant) {
        List<Action> all = List.of(
                TestLog.action("ConfigMap", ns, name + "-spec", "c" + variant % 2),
                TestLog.action("PersistentVolumeClaim", ns, name + "-workspace", "w"),
                TestLog.action("Deployment", ns, name + "-runtime", "d" + variant % 3));
        return new ArrayList<>(all.subList(0, variant % 4));
    }

    /** Usually an action of the latest decision, sometimes a stray one, so both paths are exercised. */
    private static Action pick(Map<String, List<Action>> decided, String key, String ns, String name, int variant) {
        List<Action> actions = decided.getOrDefault(key, List.of());
        if (actions.isEmpty() || variant % 5 == 4) {
            return TestLog.action("ConfigMap", ns, name + "-spec", "stray" + variant);
        }
        return actions.get(variant % actions.size());
    }
}
