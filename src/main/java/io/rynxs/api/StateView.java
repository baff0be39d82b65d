package io.rynxs.api;

import io.rynxs.event.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One aggregate's part of the state (docs/EVENTS.md "The state"): for {@code agent/<ns>/<name>} the
 * entries keyed {@code "ns/name"} in agents, decisions, applied and failures; for {@code session/<name>}
 * the entry in sessions. A missing entry is {@code null}. Only the whole state is hashed.
 */
record StateView(String section, String key) {
    static StateView of(String aggregate) {
        String[] parts = aggregate.split("/", -1);
        if (parts.length == 3 && parts[0].equals("agent") && !parts[1].isEmpty() && !parts[2].isEmpty()) {
            return new StateView("agent", parts[1] + "/" + parts[2]);
        }
        if (parts.length == 2 && parts[0].equals("session") && !parts[1].isEmpty()) {
            return new StateView("session", parts[1]);
        }
        throw ApiProblem.badRequest("query parameter aggregate \"" + Params.shorten(aggregate)
                + "\" has no part of the state (use agent/<namespace>/<name> or session/<name>)");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> select(Map<String, Object> state) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (section.equals("agent")) {
            for (String s : new String[] {"agent:agents", "decision:decisions", "applied:applied", "failures:failures"}) {
                String[] names = s.split(":");
                Object v = ((Map<String, Object>) state.get(names[1])).get(key);
                out.put(names[0], v == null ? Json.NULL : v);
            }
        } else {
            Object v = ((Map<String, Object>) state.get("sessions")).get(key);
            out.put("session", v == null ? Json.NULL : v);
        }
        return out;
    }
}
