package io.rynxs.decision;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.state.Action;
import io.rynxs.state.ContentHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The events of a log shaped like the operator's (docs/EVENTS.md): rounds in which every agent is observed
 * with a new generation, then gets a decision of four actions that it triggered and four results. Benchmarks
 * and tests use it to fill a database with events the reducer really folds. Pure: the events go to whatever
 * {@code sink} appends them (a store's {@code appendAsync}), which answers with the sealed event a decision
 * then names as its trigger.
 */
public final class OperatorWorkload {
    private static final OwnedKind[] OWNED = OwnedKind.values();

    private final int agents;

    public OperatorWorkload(int agents) {
        this.agents = agents;
    }

    /** Appends until the log holds at least {@code total} more events; returns the number appended. */
    public long append(Function<NewEvent, CompletableFuture<Event>> sink, long total) {
        long written = 0;
        long round = 0;
        while (written < total) {
            round++;
            List<CompletableFuture<Event>> observed = new ArrayList<>(agents);
            for (int a = 0; a < agents; a++) {
                observed.add(sink.apply(observed(a, round)));
            }
            List<CompletableFuture<Event>> rest = new ArrayList<>(agents * 5);
            for (int a = 0; a < agents; a++) {
                Event trigger = observed.get(a).join();
                List<Action> actions = actions(a, round);
                rest.add(sink.apply(decided(a, trigger, actions)));
                for (Action action : actions) {
                    rest.add(sink.apply(applied(a, action)));
                }
            }
            rest.forEach(CompletableFuture::join);
            written += agents * 6L;
        }
        return written;
    }

    private NewEvent observed(int a, long generation) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("role", a % 3 == 0 ? "manager" : "worker");
        spec.put("team", "team-" + (a % 7));
        spec.put("image", Map.of("repository", "ghcr.io/rynxs/agent-runtime", "tag", "v0.1." + generation, "verify", false));
        spec.put("permissions", Map.of("canAssignTasks", a % 3 == 0, "canAccessAuditLogs", false, "canManageTeam", false));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("namespace", "default");
        p.put("name", name(a));
        p.put("generation", generation);
        p.put("spec", spec);
        p.put("labels", Map.of("team", "team-" + (a % 7)));
        p.put("specHash", ContentHash.ofObject(spec));
        return event(a, "AgentObserved", p);
    }

    private List<Action> actions(int a, long round) {
        List<Action> out = new ArrayList<>(OWNED.length);
        for (int k = 0; k < OWNED.length; k++) {
            String desired = OWNED[k].kind() + "/" + name(a) + "/" + round;
            out.add(Action.of(OWNED[k].kind(), "default", OWNED[k].nameFor(name(a)), Sha256.hex(desired.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    private NewEvent decided(int a, Event trigger, List<Action> actions) {
        List<Object> list = new ArrayList<>();
        actions.forEach(x -> list.add(x.toJson()));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("agent", "default/" + name(a));
        p.put("trigger", Map.of("seq", trigger.seq(), "hash", trigger.hash()));
        p.put("actions", list);
        p.put("actionsHash", ContentHash.ofArray(list));
        return event(a, "ActionsDecided", p);
    }

    private NewEvent applied(int a, Action action) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("agent", "default/" + name(a));
        p.put("actionId", action.id());
        p.put("kind", action.kind());
        p.put("namespace", action.namespace());
        p.put("name", action.name());
        p.put("result", "updated");
        return event(a, "ActionApplied", p);
    }

    private static NewEvent event(int a, String type, Map<String, Object> payload) {
        return new NewEvent(type, "agent/default/" + name(a), CanonicalJson.of(payload), CanonicalJson.of(Map.of("writer", "workload")));
    }

    private static String name(int a) {
        return "agent-" + a;
    }
}
