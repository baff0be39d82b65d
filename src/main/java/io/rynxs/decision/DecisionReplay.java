package io.rynxs.decision;

import io.rynxs.event.Event;
import io.rynxs.state.Action;
import io.rynxs.state.KnownEventType;
import io.rynxs.state.StateBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The determinism proof (docs/DETERMINISM.md): replays a log from genesis and recomputes every
 * {@code ActionsDecided} from the state right after its trigger, checking the recorded action ids and
 * actions hash against the recomputed ones. Pure: events in, report out.
 */
public final class DecisionReplay {
    private DecisionReplay() {}

    /** What the replay found: decisions checked, and each one that did not reproduce. */
    public record Report(long events, long decisions, List<String> mismatches) {
        public boolean reproduced() {
            return mismatches.isEmpty();
        }
    }

    public static Report check(Iterator<Event> events) {
        StateBuilder b = StateBuilder.genesis();
        Map<Long, DecidedActions> expected = new HashMap<>();
        List<String> mismatches = new ArrayList<>();
        long count = 0;
        long decisions = 0;
        while (events.hasNext()) {
            Event e = events.next();
            b.apply(e);
            count++;
            if (KnownEventType.AgentObserved.name().equals(e.type())) {
                Decider.decide(b.build(), e).ifPresent(d -> expected.put(e.seq(), d));
            } else if (KnownEventType.ActionsDecided.name().equals(e.type())) {
                decisions++;
                String problem = compare(e, expected);
                if (problem != null) {
                    mismatches.add("seq " + e.seq() + ": " + problem);
                }
            }
        }
        return new Report(count, decisions, List.copyOf(mismatches));
    }

    private static String compare(Event decided, Map<Long, DecidedActions> expected) {
        Map<String, Object> p = decided.payload().toMap();
        if (!(p.get("trigger") instanceof Map<?, ?> trigger) || !(trigger.get("seq") instanceof Number seq)) {
            return "no trigger seq";
        }
        DecidedActions again = expected.get(seq.longValue());
        if (again == null) {
            return "trigger seq " + seq + " is not an accepted AgentObserved";
        }
        if (!again.trigger().hash().equals(trigger.get("hash"))) {
            return "trigger hash differs from the event at seq " + seq;
        }
        List<Object> recordedIds = new ArrayList<>();
        if (p.get("actions") instanceof List<?> actions) {
            for (Object a : actions) {
                recordedIds.add(a instanceof Map<?, ?> m ? m.get("id") : null);
            }
        }
        List<Object> ids = again.actions().stream().<Object>map(Action::id).toList();
        if (!ids.equals(recordedIds)) {
            return "recorded action ids " + recordedIds + " but the decision function gives " + ids;
        }
        if (!again.actionsHash().equals(p.get("actionsHash"))) {
            return "recorded actionsHash " + p.get("actionsHash") + " but the decision function gives " + again.actionsHash();
        }
        return null;
    }
}
