package io.rynxs.state;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An event whose payload has been read and checked without the state: either what it will do to the
 * state, or why the reducer rejects it. Decoding is a pure function of the event, so replay decodes on
 * a reader thread while the fold, which only applies, runs on another (docs/DESIGN.md, The state: the result is the same
 * state, byte for byte, as applying the events one by one).
 */
public final class DecodedEvent {
    private final long seq;
    private final String type;
    private final String prev;
    private final String hash;
    private final Consumer<StateBuilder> effect;
    private final String rejection;

    private DecodedEvent(Origin origin, String type, String prev, String hash, Consumer<StateBuilder> effect, String rejection) {
        this.seq = origin.seq();
        this.type = type;
        this.prev = prev;
        this.hash = hash;
        this.effect = effect;
        this.rejection = rejection;
    }

    /** Parses and checks the payload of a known type; an unknown type is only counted. */
    public static DecodedEvent of(Event e) {
        return of(e.seq(), e.type(), e.aggregate(), e.payload(), e.prev(), e.hash());
    }

    /**
     * The same from the only fields the reducer reads: a replay reads just these columns of each row
     * (time, epoch and meta never change the state). {@code type} must be a well-formed event type; the
     * aggregate is only compared with the one a known payload names.
     */
    public static DecodedEvent of(long seq, String type, String aggregate, CanonicalJson payload, String prev, String hash) {
        Origin origin = new Origin(seq, aggregate);
        KnownEventType known = KnownEventType.of(type);
        if (known == null) {
            return new DecodedEvent(origin, type, prev, hash, null, null);
        }
        try {
            Map<String, Object> fields = payload.toMap();
            return new DecodedEvent(origin, type, prev, hash, decode(known, origin, JsonFields.of(fields, "payload")), null);
        } catch (MalformedJsonException | StateException ex) {
            // Each decoder reads and checks everything before it returns an effect, so a rejected event
            // leaves no partial effect behind.
            return new DecodedEvent(origin, type, prev, hash, null, ex.getMessage());
        }
    }

    long seq() {
        return seq;
    }

    String type() {
        return type;
    }

    String prev() {
        return prev;
    }

    String hash() {
        return hash;
    }

    /** Applies the effect (or records the rejection) on {@code s}; the caller has checked the chain. */
    void applyTo(StateBuilder s) {
        if (rejection != null) {
            s.rejected.add(new Rejection(seq, type, rejection));
        } else if (effect != null) {
            effect.accept(s);
        }
    }

    /** What a decoder needs of the event besides its payload: its seq and the aggregate it claims. */
    record Origin(long seq, String aggregate) {}

    private static Consumer<StateBuilder> decode(KnownEventType type, Origin e, JsonFields p) {
        return switch (type) {
            case AgentObserved -> AgentReducer.observed(e, p);
            case AgentDeleted -> AgentReducer.deleted(e, p);
            case ActionsDecided -> AgentReducer.decided(e, p);
            case ActionApplied -> AgentReducer.applied(e, p);
            case ActionFailed -> AgentReducer.failed(e, p);
            case SessionObserved -> sessionObserved(e, p);
            case SessionDeleted -> sessionDeleted(e, p);
            case LeaderElected -> leaderElected(e, p);
            case LegacyLogImported -> s -> { }; // counted only: the imported events themselves carry the history
        };
    }

    private static Consumer<StateBuilder> sessionObserved(Origin e, JsonFields p) {
        String name = sessionKey(e, p);
        Map<String, Object> spec = p.object("spec");
        SessionEntry entry = new SessionEntry(spec, p.specHash(spec), e.seq());
        return s -> s.sessions.put(name, entry);
    }

    private static Consumer<StateBuilder> sessionDeleted(Origin e, JsonFields p) {
        String name = sessionKey(e, p);
        return s -> s.sessions.remove(name);
    }

    private static String sessionKey(Origin e, JsonFields p) {
        String name = p.name("name");
        checkAggregate(e, KnownEventType.sessionAggregate(name));
        return name;
    }

    private static Consumer<StateBuilder> leaderElected(Origin e, JsonFields p) {
        checkAggregate(e, KnownEventType.OPERATOR_AGGREGATE);
        String identity = p.string("identity");
        long epoch = p.integer("epoch", 0);
        EventRef previous = EventRef.fromJson(p.fields("previousHead"));
        if (previous.seq() >= e.seq()) {
            throw p.fail("previousHead", "seq " + previous.seq() + " is not before this event");
        }
        Leader leader = new Leader(identity, epoch, e.seq());
        return s -> s.leader = leader;
    }

    static void checkAggregate(Origin e, String expected) {
        if (!e.aggregate().equals(expected)) {
            throw new MalformedJsonException("aggregate: \"" + e.aggregate() + "\" does not match the payload (expected \"" + expected + "\")");
        }
    }
}
