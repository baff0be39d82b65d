package io.rynxs.state;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * The state after a prefix of the log (docs/DESIGN.md, The state), immutable: sorted read-only maps, their RFC 8785
 * canonical JSON and its SHA-256, the state hash. The JSON layout is documented in docs/EVENTS.md.
 */
public final class State {
    private static final State GENESIS = StateBuilder.genesis().build();

    private final SortedMap<String, AgentEntry> agents;
    private final SortedMap<String, SessionEntry> sessions;
    private final SortedMap<String, Decision> decisions;
    private final SortedMap<String, SortedMap<String, Applied>> applied;
    private final SortedMap<String, SortedMap<String, Failure>> failures;
    private final SortedMap<String, Long> counts;
    private final List<Rejection> rejected;
    private final Leader leader;
    private final EventRef head;
    private final CanonicalJson json;
    private final String hash;

    State(StateBuilder b, Executor helper) {
        agents = Collections.unmodifiableSortedMap(new TreeMap<>(b.agents));
        sessions = Collections.unmodifiableSortedMap(new TreeMap<>(b.sessions));
        decisions = Collections.unmodifiableSortedMap(new TreeMap<>(b.decisions));
        applied = nested(b.applied);
        failures = nested(b.failures);
        counts = Collections.unmodifiableSortedMap(new TreeMap<>(b.counts));
        rejected = List.copyOf(b.rejected);
        leader = b.leader;
        head = b.head();
        json = StateJson.write(this, helper);
        hash = Sha256.hex(json.bytes());
    }

    /** The state of the empty log: head seq 0, every section empty. */
    public static State genesis() {
        return GENESIS;
    }

    /**
     * Parses a snapshot written by {@link #toJson}. Anything but exactly that form (a missing section, a
     * hash that does not match its content, a non-canonical text) is refused, so a snapshot cannot
     * smuggle in a state that replay would never produce.
     */
    public static State fromJson(CanonicalJson json) {
        State state = StateJson.read(json).build();
        if (!state.json.equals(json)) {
            throw new StateException("parse state snapshot at seq " + state.head.seq()
                    + ": the text is not the form this version writes (discard the snapshot and replay from an earlier one)");
        }
        return state;
    }

    /** This state with one more event applied; for many events use {@link Replay} or a {@link StateBuilder}. */
    public State apply(Event event) {
        return StateBuilder.from(this).apply(event).build();
    }

    /** The canonical JSON: what snapshots store, the API serves and the state hash covers. */
    public CanonicalJson toJson() {
        return json;
    }

    /** Lowercase hex SHA-256 of the canonical bytes (the {@code rynxs-state} line of a checkpoint). */
    public String hash() {
        return hash;
    }

    public EventRef head() {
        return head;
    }

    /** The seq of the last applied event, 0 for genesis. */
    public long seq() {
        return head.seq();
    }

    public SortedMap<String, AgentEntry> agents() {
        return agents;
    }

    public SortedMap<String, SessionEntry> sessions() {
        return sessions;
    }

    public SortedMap<String, Decision> decisions() {
        return decisions;
    }

    public SortedMap<String, SortedMap<String, Applied>> applied() {
        return applied;
    }

    public SortedMap<String, SortedMap<String, Failure>> failures() {
        return failures;
    }

    public SortedMap<String, Long> counts() {
        return counts;
    }

    public List<Rejection> rejected() {
        return rejected;
    }

    public Optional<Leader> leader() {
        return Optional.ofNullable(leader);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof State s && s.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.text();
    }

    private static <V> SortedMap<String, SortedMap<String, V>> nested(Map<String, TreeMap<String, V>> source) {
        TreeMap<String, SortedMap<String, V>> copy = new TreeMap<>();
        source.forEach((k, v) -> copy.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
        return Collections.unmodifiableSortedMap(copy);
    }
}
