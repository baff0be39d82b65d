package io.rynxs.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The latest actions decided for one agent, the event that triggered them and where they were decided. */
public record Decision(EventRef trigger, List<Action> actions, String actionsHash, long decidedAtSeq) {
    public Decision {
        if (trigger == null || actions == null || actionsHash == null) {
            throw new StateException("decision at seq " + decidedAtSeq + ": trigger, actions and actionsHash are required");
        }
        if (trigger.seq() < 1 || trigger.seq() >= decidedAtSeq) {
            throw new StateException("decision at seq " + decidedAtSeq + ": trigger seq " + trigger.seq()
                    + " must be an earlier event (between 1 and " + (decidedAtSeq - 1) + ")");
        }
        actions = List.copyOf(actions);
        if (actions.stream().map(Action::id).distinct().count() != actions.size()) {
            throw new StateException("decision at seq " + decidedAtSeq + ": two actions share an id (decide each object once)");
        }
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>(actions.size());
        for (Action a : actions) {
            list.add(a.toJson());
        }
        m.put("actions", list);
        m.put("actionsHash", actionsHash);
        m.put("decidedAtSeq", decidedAtSeq);
        m.put("trigger", trigger.toJson());
        return m;
    }

    /** Reads the payload or snapshot form; the hash must match the actions (snapshots are checked too). */
    static Decision fromJson(JsonFields f, long decidedAtSeq) {
        EventRef trigger = EventRef.fromJson(f.fields("trigger"));
        List<Object> raw = f.array("actions");
        List<Action> actions = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            actions.add(Action.fromJson(f.element("actions", raw.get(i), i)));
        }
        String actionsHash = f.hash("actionsHash");
        // Each element was just read as exactly the five string fields of an Action, so the canonical
        // array of the Actions is the canonical form of raw.
        if (f.rechecksContentHashes() && !actionsHash.equals(Action.hashOf(actions))) {
            throw f.fail("actionsHash", "does not match the canonical hash of actions");
        }
        return new Decision(trigger, actions, actionsHash, decidedAtSeq);
    }
}
