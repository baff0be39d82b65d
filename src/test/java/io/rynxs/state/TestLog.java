package io.rynxs.state;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a sealed, chained log for tests, with helpers for the payloads of docs/EVENTS.md. */
final class TestLog {
    static final String TIME = "2026-11-26T10:00:00.000Z";

    final List<Event> events = new ArrayList<>();

    Event append(String type, String aggregate, Map<String, ?> payload) {
        String prev = events.isEmpty() ? Sha256.ZERO_HEX : events.get(events.size() - 1).hash();
        Event e = Event.seal(new NewEvent(type, aggregate, CanonicalJson.of(payload), null), events.size() + 1L, TIME, 0, prev);
        events.add(e);
        return e;
    }

    Event last() {
        return events.get(events.size() - 1);
    }

    Event agentObserved(String ns, String name, long generation, Map<String, Object> spec) {
        return append("AgentObserved", agg(ns, name), obj("namespace", ns, "name", name, "generation", generation,
                "spec", spec, "labels", obj("team", "blue"), "specHash", ContentHash.ofObject(spec)));
    }

    Event agentDeleted(String ns, String name) {
        return append("AgentDeleted", agg(ns, name), obj("namespace", ns, "name", name));
    }

    Event actionsDecided(String ns, String name, Event trigger, List<Action> actions) {
        List<Object> list = new ArrayList<>();
        actions.forEach(a -> list.add(a.toJson()));
        return append("ActionsDecided", agg(ns, name), obj("agent", ns + "/" + name,
                "trigger", obj("seq", trigger.seq(), "hash", trigger.hash()), "actions", list,
                "actionsHash", ContentHash.ofArray(list)));
    }

    Event actionApplied(String ns, String name, Action a, String result) {
        return append("ActionApplied", agg(ns, name), obj("agent", ns + "/" + name, "actionId", a.id(),
                "kind", a.kind(), "namespace", a.namespace(), "name", a.name(), "result", result));
    }

    Event actionFailed(String ns, String name, Action a, String code, String message) {
        return append("ActionFailed", agg(ns, name), obj("agent", ns + "/" + name, "actionId", a.id(),
                "kind", a.kind(), "namespace", a.namespace(), "name", a.name(), "code", code, "message", message));
    }

    Event sessionObserved(String name, Map<String, Object> spec) {
        return append("SessionObserved", "session/" + name, obj("name", name, "spec", spec, "specHash", ContentHash.ofObject(spec)));
    }

    Event sessionDeleted(String name) {
        return append("SessionDeleted", "session/" + name, obj("name", name));
    }

    Event leaderElected(String identity, long epoch) {
        Map<String, Object> head = events.isEmpty() ? obj("seq", 0L, "hash", Sha256.ZERO_HEX)
                : obj("seq", last().seq(), "hash", last().hash());
        return append("LeaderElected", "operator", obj("identity", identity, "epoch", epoch, "previousHead", head));
    }

    static Action action(String kind, String ns, String name, String desired) {
        return Action.of(kind, ns, name, Sha256.hex(desired.getBytes(StandardCharsets.UTF_8)));
    }

    static String agg(String ns, String name) {
        return "agent/" + ns + "/" + name;
    }

    /** An insertion-ordered map from alternating keys and values. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
