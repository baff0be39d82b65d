package io.rynxs.state;

import io.rynxs.state.DecodedEvent.Origin;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The five agent events, decoded into their effect on a {@link StateBuilder}. Each decoder reads and
 * checks the whole payload before it returns the effect, so a malformed event is rejected without a trace.
 */
final class AgentReducer {
    private AgentReducer() {}

    static Consumer<StateBuilder> observed(Origin e, JsonFields p) {
        String key = key(e, p.name("namespace"), p.name("name"));
        long generation = p.integer("generation", 1);
        Map<String, Object> spec = p.object("spec");
        Map<String, String> labels = AgentEntry.labels(p);
        AgentEntry entry = new AgentEntry(spec, labels, p.specHash(spec), generation, Phase.Pending, e.seq());
        return s -> s.agents.put(key, entry);
    }

    /** Forgets everything about the agent: its owned objects go with it (ownerReferences), history stays in the log. */
    static Consumer<StateBuilder> deleted(Origin e, JsonFields p) {
        String key = key(e, p.name("namespace"), p.name("name"));
        return s -> {
            s.agents.remove(key);
            s.decisions.remove(key);
            s.applied.remove(key);
            s.failures.remove(key);
        };
    }

    static Consumer<StateBuilder> decided(Origin e, JsonFields p) {
        String key = agentField(e, p);
        Decision decision = Decision.fromJson(p, e.seq());
        // Results of superseded actions stay in the log but leave the state, so a snapshot's size is
        // bounded by the agents and their current actions rather than growing with the log.
        Set<String> current = decision.actions().stream().map(Action::id).collect(Collectors.toSet());
        return s -> {
            s.decisions.put(key, decision);
            retain(s.applied, key, current);
            retain(s.failures, key, current);
            refreshPhase(s, key);
        };
    }

    private static void retain(Map<String, ? extends Map<String, ?>> byAgent, String key, Set<String> ids) {
        Map<String, ?> byId = byAgent.get(key);
        if (byId != null) {
            byId.keySet().retainAll(ids);
            if (byId.isEmpty()) {
                byAgent.remove(key);
            }
        }
    }

    static Consumer<StateBuilder> applied(Origin e, JsonFields p) {
        String key = agentField(e, p);
        String actionId = actionFields(p);
        Applied result = new Applied(Applied.result(p), e.seq());
        return s -> {
            s.applied.computeIfAbsent(key, k -> new TreeMap<>()).put(actionId, result);
            refreshPhase(s, key);
        };
    }

    static Consumer<StateBuilder> failed(Origin e, JsonFields p) {
        String key = agentField(e, p);
        String actionId = actionFields(p);
        Failure failure = Failure.fromJson(p, e.seq());
        return s -> {
            s.failures.computeIfAbsent(key, k -> new TreeMap<>()).put(actionId, failure);
            refreshPhase(s, key);
        };
    }

    /**
     * Ready when a decision newer than the latest observation has every action applied after it, Failed
     * when one of its actions' latest outcome since the decision is a failure, Pending otherwise.
     */
    static void refreshPhase(StateBuilder s, String key) {
        AgentEntry agent = s.agents.get(key);
        Decision decision = s.decisions.get(key);
        if (agent == null) {
            return; // a late result for a deleted or never-observed agent is recorded but has no phase to move
        }
        if (decision == null || decision.decidedAtSeq() < agent.lastObservedSeq()) {
            s.agents.put(key, agent.withPhase(Phase.Pending));
            return;
        }
        Map<String, Applied> applied = orNone(s.applied.get(key), NO_RESULTS);
        Map<String, Failure> failures = orNone(s.failures.get(key), NO_FAILURES);
        boolean allApplied = true;
        for (Action a : decision.actions()) {
            long appliedAt = seqOrZero(applied.get(a.id()));
            Failure failure = failures.get(a.id());
            long failedAt = failure == null ? 0 : failure.seq();
            if (failedAt > decision.decidedAtSeq() && failedAt > appliedAt) {
                s.agents.put(key, agent.withPhase(Phase.Failed));
                return;
            }
            allApplied &= appliedAt > decision.decidedAtSeq();
        }
        s.agents.put(key, agent.withPhase(allApplied ? Phase.Ready : Phase.Pending));
    }

    private static final Map<String, Applied> NO_RESULTS = Map.of();
    private static final Map<String, Failure> NO_FAILURES = Map.of();

    private static <V> Map<String, V> orNone(Map<String, V> byId, Map<String, V> none) {
        return byId == null ? none : byId;
    }

    private static long seqOrZero(Applied a) {
        return a == null ? 0 : a.seq();
    }

    /**
     * Reads {@code agent} ("namespace/name"), which is already the state's key for the agent, and checks it
     * names the event's aggregate ({@code agent/namespace/name}) without building either string again.
     */
    private static String agentField(Origin e, JsonFields p) {
        String agent = p.string("agent");
        int slash = agent.indexOf('/');
        if (slash <= 0 || slash == agent.length() - 1 || agent.indexOf('/', slash + 1) >= 0) {
            throw p.fail("agent", "\"" + agent + "\" is not namespace/name");
        }
        if (!KnownEventType.isAgentAggregate(e.aggregate(), agent)) {
            // Fails, with the message naming the aggregate the payload implies.
            DecodedEvent.checkAggregate(e, KnownEventType.agentAggregate(agent.substring(0, slash), agent.substring(slash + 1)));
        }
        return agent;
    }

    /** Reads the action id and checks the object fields are present; returns the id. */
    private static String actionFields(JsonFields p) {
        String id = p.hash("actionId");
        p.string("kind");
        p.name("namespace");
        p.name("name");
        return id;
    }

    private static String key(Origin e, String namespace, String name) {
        DecodedEvent.checkAggregate(e, KnownEventType.agentAggregate(namespace, name));
        return namespace + "/" + name;
    }
}
