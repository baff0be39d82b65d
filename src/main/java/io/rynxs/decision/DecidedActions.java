package io.rynxs.decision;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.state.Action;
import io.rynxs.state.ContentHash;
import io.rynxs.state.EventRef;
import io.rynxs.state.KnownEventType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of {@link Decider#decide}: the desired objects of one agent and the event that records them. */
public record DecidedActions(String namespace, String name, EventRef trigger, List<Desired> desired) {
    public DecidedActions {
        desired = List.copyOf(desired);
    }

    public List<Action> actions() {
        return desired.stream().map(Desired::action).toList();
    }

    /** The content hash of the actions array, as {@code ActionsDecided.actionsHash}. */
    public String actionsHash() {
        return ContentHash.ofArray(actionsJson());
    }

    /** The {@code ActionsDecided} event of docs/EVENTS.md. */
    public NewEvent event() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("hash", trigger.hash());
        t.put("seq", trigger.seq());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("actions", actionsJson());
        p.put("actionsHash", actionsHash());
        p.put("agent", namespace + "/" + name);
        p.put("trigger", t);
        return new NewEvent(KnownEventType.ActionsDecided.name(), KnownEventType.agentAggregate(namespace, name), CanonicalJson.of(p), null);
    }

    private List<Object> actionsJson() {
        return actions().stream().<Object>map(Action::toJson).toList();
    }
}
