package io.rynxs.decision;

import io.rynxs.event.Event;
import io.rynxs.state.AgentEntry;
import io.rynxs.state.Decision;
import io.rynxs.state.EventRef;
import io.rynxs.state.KnownEventType;
import io.rynxs.state.State;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision function (docs/DESIGN.md, The operator): a pure function of the state and the observation that triggered
 * it. Same state and event, same desired objects, same action ids and actions hash, which is what lets
 * anyone replay the log and check every recorded decision ({@link DecisionReplay}).
 */
public final class Decider {
    private Decider() {}

    /** The four objects an agent owns, in a fixed order. */
    public static List<Desired> desired(ObservedAgent agent) {
        return List.of(SpecConfigMap.desired(agent), WorkspaceClaim.desired(agent), RuntimeDeployment.desired(agent),
                EgressPolicy.desired(agent));
    }

    /**
     * The decision an event calls for, given the state after applying it: an {@code AgentObserved} that
     * the state took in calls for the agent's desired objects; every other event calls for none.
     */
    public static Optional<DecidedActions> decide(State state, Event event) {
        if (!KnownEventType.AgentObserved.name().equals(event.type()) || !event.aggregate().startsWith("agent/")) {
            return Optional.empty();
        }
        String key = event.aggregate().substring("agent/".length());
        AgentEntry entry = state.agents().get(key);
        if (entry == null || entry.lastObservedSeq() != event.seq()) {
            return Optional.empty(); // rejected by the reducer, or not the state right after this event
        }
        return Optional.of(decide(key, entry, new EventRef(event.seq(), event.hash())));
    }

    /** The decision for the agent as the state holds it, triggered by its latest observation. */
    public static DecidedActions decide(String key, AgentEntry entry, EventRef trigger) {
        ObservedAgent agent = ObservedAgent.fromState(key, entry);
        return new DecidedActions(agent.namespace(), agent.name(), trigger, desired(agent));
    }

    /**
     * The decision for an {@code AgentObserved} event just appended, without the state after it: the spec
     * is read back from the event's own payload, as the reducer stores it, so the result equals
     * {@code decide(stateAfter(observedEvent), observedEvent)} (the operator saves a full state build per
     * observation this way).
     */
    @SuppressWarnings("unchecked")
    public static DecidedActions decideObserved(ObservedAgent observed, Event observedEvent) {
        Object spec = observedEvent.payload().toMap().get("spec");
        if (!KnownEventType.AgentObserved.name().equals(observedEvent.type()) || !(spec instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("decide: event " + observedEvent.seq() + " is a " + observedEvent.type()
                    + ", not an AgentObserved with a spec (decide from the event the observation appended)");
        }
        ObservedAgent recorded = AgentNormalizer.normalize(observed.namespace(), observed.name(), observed.generation(),
                observed.labels(), (Map<String, ?>) spec);
        return new DecidedActions(recorded.namespace(), recorded.name(), new EventRef(observedEvent.seq(), observedEvent.hash()),
                desired(recorded));
    }

    /**
     * True when the state's latest observation of the agent has no decision yet: after a restart between
     * observing and deciding, the decision is still owed, and nothing else is.
     */
    public static boolean isOwed(State state, String key) {
        AgentEntry entry = state.agents().get(key);
        if (entry == null) {
            return false;
        }
        Decision d = state.decisions().get(key);
        return d == null || d.trigger().seq() < entry.lastObservedSeq();
    }
}
