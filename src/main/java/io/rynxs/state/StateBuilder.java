package io.rynxs.state;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * The mutable working copy behind {@link State}: replay applies events here in place, which costs one
 * payload parse per event instead of copying the state, then {@link #build} takes an immutable snapshot.
 * Nothing iterates the working maps: {@link #build} copies them into sorted maps, so nothing depends on
 * hash-map iteration order. Not thread-safe.
 */
public final class StateBuilder {
    // Hash maps: a replay looks agents up several times per event, and sorting happens once, in build().
    final HashMap<String, AgentEntry> agents = new HashMap<>();
    final HashMap<String, SessionEntry> sessions = new HashMap<>();
    final HashMap<String, Decision> decisions = new HashMap<>();
    final HashMap<String, TreeMap<String, Applied>> applied = new HashMap<>();
    final HashMap<String, TreeMap<String, Failure>> failures = new HashMap<>();
    final HashMap<String, Long> counts = new HashMap<>();
    final List<Rejection> rejected = new ArrayList<>();
    Leader leader;
    // Two fields rather than an EventRef: the head moves on every event and is validated only once, at build.
    long headSeq = EventRef.GENESIS.seq();
    String headHash = EventRef.GENESIS.hash();

    StateBuilder() {}

    /** The state of the empty log. */
    public static StateBuilder genesis() {
        return new StateBuilder();
    }

    /** A working copy of {@code state}; changing it leaves {@code state} as it was. */
    public static StateBuilder from(State state) {
        StateBuilder b = new StateBuilder();
        b.agents.putAll(state.agents());
        b.sessions.putAll(state.sessions());
        b.decisions.putAll(state.decisions());
        state.applied().forEach((agent, byId) -> b.applied.put(agent, new TreeMap<>(byId)));
        state.failures().forEach((agent, byId) -> b.failures.put(agent, new TreeMap<>(byId)));
        b.counts.putAll(state.counts());
        b.rejected.addAll(state.rejected());
        b.leader = state.leader().orElse(null);
        b.headSeq = state.head().seq();
        b.headHash = state.head().hash();
        return b;
    }

    /** The last applied event (or {@link EventRef#GENESIS}). */
    public EventRef head() {
        return new EventRef(headSeq, headHash);
    }

    /**
     * Applies the next event of the chain. Throws {@link StateException} only when the event does not
     * continue the head (wrong seq or prev); any payload problem becomes a {@link Rejection} instead.
     */
    public StateBuilder apply(Event e) {
        return apply(DecodedEvent.of(e));
    }

    /** Like {@link #apply(Event)}, with the payload already decoded (by a reader thread during replay). */
    public StateBuilder apply(DecodedEvent d) {
        if (d.seq() != headSeq + 1) {
            throw new StateException("apply event " + d.seq() + ": the state is at seq " + headSeq + " and needs event "
                    + (headSeq + 1) + " next (replay events in seq order, starting right after the snapshot)");
        }
        if (!d.prev().equals(headHash)) {
            throw new StateException("apply event " + d.seq() + ": prev " + d.prev() + " is not the hash of the state's head "
                    + headHash + " (the event belongs to another chain; verify the log)");
        }
        counts.merge(d.type(), 1L, Long::sum);
        d.applyTo(this);
        headSeq = d.seq();
        headHash = d.hash();
        return this;
    }

    /**
     * A working copy starting from a stored snapshot, checked against the hash stored beside it. Unlike
     * {@link State#fromJson} it skips writing the state back out to compare texts, and it takes the content
     * hashes inside as written: the stored hash covers the bytes, the reducer checked every content hash
     * when its event was applied, and replay continues on the builder, so the state is serialized once, at
     * the end (docs/design/snapshots.md).
     */
    public static StateBuilder fromSnapshot(CanonicalJson json, String expectedHash) {
        return fromSnapshot(json.bytes(), expectedHash);
    }

    /** Like {@link #fromSnapshot(CanonicalJson, String)} from the stored UTF-8 bytes, hashed before they are decoded. */
    public static StateBuilder fromSnapshot(byte[] utf8, String expectedHash) {
        String actual = Sha256.hex(utf8);
        if (!actual.equals(expectedHash)) {
            throw new StateException("read state snapshot: its bytes hash to " + actual + ", not the stored " + expectedHash
                    + " (discard the snapshot and replay from an earlier one)");
        }
        return StateJson.read(new CanonicalJson(new String(utf8, StandardCharsets.UTF_8)), false);
    }

    /** An immutable snapshot; the builder stays usable, so replay can snapshot and carry on. */
    public State build() {
        return new State(this, null);
    }

    /**
     * The same snapshot, with the canonical text of a large state written on two threads: {@code helper}
     * takes the agents while the calling thread writes the rest (same bytes). For the callers that answer a
     * reader and own a thread to lend; replay's own snapshots use {@link #build()}.
     */
    public State build(Executor helper) {
        return new State(this, helper);
    }
}
