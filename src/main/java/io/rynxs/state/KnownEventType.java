package io.rynxs.state;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The event types whose payloads the reducer reads (docs/EVENTS.md); every other type is only counted. */
public enum KnownEventType {
    AgentObserved, AgentDeleted, ActionsDecided, ActionApplied, ActionFailed,
    SessionObserved, SessionDeleted, LeaderElected, LegacyLogImported;

    private static final Map<String, KnownEventType> BY_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    /** The known type with this name, or null (a lookup rather than valueOf, which throws on unknown names). */
    public static KnownEventType of(String type) {
        return BY_NAME.get(type);
    }

    /** The aggregate of an agent's events: {@code agent/<namespace>/<name>}. */
    public static String agentAggregate(String namespace, String name) {
        return AGENT + namespace + "/" + name;
    }

    /** Whether {@code aggregate} is {@link #agentAggregate} of the agent keyed {@code namespace/name}, without building it. */
    static boolean isAgentAggregate(String aggregate, String namespaceSlashName) {
        return aggregate.length() == AGENT.length() + namespaceSlashName.length() && aggregate.startsWith(AGENT)
                && aggregate.regionMatches(AGENT.length(), namespaceSlashName, 0, namespaceSlashName.length());
    }

    private static final String AGENT = "agent/";

    /** The aggregate of a session's events: {@code session/<name>}. */
    public static String sessionAggregate(String name) {
        return "session/" + name;
    }

    /** The aggregate of operator-level events such as {@code LeaderElected}. */
    public static final String OPERATOR_AGGREGATE = "operator";
}
