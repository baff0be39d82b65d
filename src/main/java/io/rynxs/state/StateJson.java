package io.rynxs.state;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The one writer and the one reader of the state's JSON form (layout in docs/EVENTS.md). */
final class StateJson {
    /** The layout version; a snapshot of another version is refused rather than misread. */
    static final long VERSION = 1;

    private static final Set<String> SECTIONS = Set.of("v", "agents", "applied", "counts", "decisions", "failures",
            "head", "leader", "rejected", "sessions");

    private StateJson() {}

    /** Below this many agents the second thread costs more than it saves. */
    private static final int WRITE_IN_PARALLEL_FROM = 200;

    /**
     * The canonical text of {@code s}; with a {@code helper} (a thread the caller owns, since the common pool
     * has no spare thread on two cores) a large state's agents are written there while this thread writes
     * the rest.
     */
    static CanonicalJson write(State s, Executor helper) {
        // The canonical text of an object is its members' texts joined in key order, so the two big halves
        // (agents; decisions and their results) can be written on two cores and concatenated: same bytes.
        // Each section is written straight into the buffer in RFC 8785 key order, without building maps;
        // StateJsonProperties holds the bytes to JcsWriter over the records' toJson() maps.
        boolean parallel = helper != null && s.agents().size() >= WRITE_IN_PARALLEL_FROM;
        CompletableFuture<StringBuilder> agents = parallel
                ? CompletableFuture.supplyAsync(() -> agents(new StringBuilder(capacity(s.agents().size())), s), helper)
                : CompletableFuture.completedFuture(null);
        StringBuilder rest = new StringBuilder(1024 + 1536 * (s.decisions().size() + s.sessions().size()));
        rest.append(",\"applied\":");
        object(rest, s.applied(), (out, byId) -> object(out, byId, StateJson::applied));
        rest.append(",\"counts\":");
        object(rest, s.counts(), StringBuilder::append);
        rest.append(",\"decisions\":");
        object(rest, s.decisions(), StateJson::decision);
        rest.append(",\"failures\":");
        object(rest, s.failures(), (out, byId) -> object(out, byId, StateJson::failure));
        rest.append(",\"head\":");
        ref(rest, s.head());
        rest.append(",\"leader\":");
        Leader leader = s.leader().orElse(null);
        if (leader == null) {
            rest.append("null");
        } else {
            rest.append("{\"epoch\":").append(leader.epoch()).append(",\"identity\":");
            CanonicalJson.appendString(rest, leader.identity()).append(",\"seq\":").append(leader.seq()).append('}');
        }
        rest.append(",\"rejected\":[");
        for (int i = 0; i < s.rejected().size(); i++) {
            Rejection r = s.rejected().get(i);
            rest.append(i == 0 ? "{\"reason\":" : ",{\"reason\":");
            CanonicalJson.appendString(rest, r.reason()).append(",\"seq\":").append(r.seq()).append(",\"type\":");
            CanonicalJson.appendString(rest, r.type()).append('}');
        }
        rest.append("],\"sessions\":");
        object(rest, s.sessions(), (out, e) -> {
            out.append("{\"lastObservedSeq\":").append(e.lastObservedSeq()).append(",\"spec\":");
            CanonicalJson.appendValue(out, e.spec()).append(",\"specHash\":\"").append(e.specHash()).append("\"}");
        });
        rest.append(",\"v\":").append(VERSION).append('}');
        StringBuilder head = parallel ? agents.join() : agents(new StringBuilder(capacity(s.agents().size()) + rest.length()), s);
        return new CanonicalJson(head.append(rest).toString());
    }

    private static int capacity(int agents) {
        return 64 + 1024 * agents;
    }

    /** {@code {"agents":{...}} without the closing brace of the state. */
    private static StringBuilder agents(StringBuilder out, State s) {
        out.append("{\"agents\":");
        object(out, s.agents(), (o, a) -> {
            o.append("{\"generation\":").append(a.generation()).append(",\"labels\":");
            CanonicalJson.appendValue(o, a.labels()).append(",\"lastObservedSeq\":").append(a.lastObservedSeq())
                    .append(",\"phase\":\"").append(a.phase().name()).append("\",\"spec\":");
            CanonicalJson.appendValue(o, a.spec()).append(",\"specHash\":\"").append(a.specHash()).append("\"}");
        });
        return out;
    }

    private static void applied(StringBuilder out, Applied a) {
        out.append("{\"result\":\"").append(a.result().json()).append("\",\"seq\":").append(a.seq()).append('}');
    }

    private static void failure(StringBuilder out, Failure f) {
        out.append("{\"code\":\"").append(f.code().name()).append("\",\"message\":");
        CanonicalJson.appendString(out, f.message()).append(",\"seq\":").append(f.seq()).append('}');
    }

    private static void decision(StringBuilder out, Decision d) {
        out.append("{\"actions\":");
        Action.writeArray(out, d.actions());
        out.append(",\"actionsHash\":\"").append(d.actionsHash()).append("\",\"decidedAtSeq\":").append(d.decidedAtSeq())
                .append(",\"trigger\":");
        ref(out, d.trigger());
        out.append('}');
    }

    private static void ref(StringBuilder out, EventRef r) {
        out.append("{\"hash\":\"").append(r.hash()).append("\",\"seq\":").append(r.seq()).append('}');
    }

    /** A sorted map as a JSON object: String order is RFC 8785's key order (UTF-16 code units). */
    private static <V> void object(StringBuilder out, SortedMap<String, V> map, BiConsumer<StringBuilder, V> value) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, V> e : map.entrySet()) {
            if (!first) out.append(',');
            first = false;
            CanonicalJson.appendString(out, e.getKey()).append(':');
            value.accept(out, e.getValue());
        }
        out.append('}');
    }

    /** Reads a state, recomputing every content hash it holds. */
    static StateBuilder read(CanonicalJson json) {
        return read(json, true);
    }

    /** Reads a state; {@code recheck} false takes content hashes as written (a snapshot verified by its stored hash). */
    static StateBuilder read(CanonicalJson json, boolean recheck) {
        try {
            Map<String, Object> top = json.toMap();
            JsonFields f = recheck ? JsonFields.of(top, "state") : JsonFields.ofSnapshot(top, "state");
            f.onlyKeys(SECTIONS);
            if (f.integer("v", 0) != VERSION) {
                throw f.fail("v", "version " + f.value("v") + " is not supported (only " + VERSION + ")");
            }
            StateBuilder b = new StateBuilder();
            EventRef head = EventRef.fromJson(f.fields("head"));
            b.headSeq = head.seq();
            b.headHash = head.hash();
            readEach(f.fields("agents"), b.agents, AgentEntry::fromJson);
            readEach(f.fields("sessions"), b.sessions, SessionEntry::fromJson);
            JsonFields decisions = f.fields("decisions");
            for (String agent : decisions.map().keySet()) {
                JsonFields d = decisions.fields(agent);
                b.decisions.put(agent, Decision.fromJson(d, d.integer("decidedAtSeq", 2)));
            }
            readNested(f.fields("applied"), b.applied, Applied::fromJson);
            readNested(f.fields("failures"), b.failures, d -> Failure.fromJson(d, d.integer("seq", 1)));
            JsonFields counts = f.fields("counts");
            for (String type : counts.map().keySet()) {
                b.counts.put(type, counts.integer(type, 1));
            }
            List<Object> rejected = f.array("rejected");
            for (int i = 0; i < rejected.size(); i++) {
                b.rejected.add(Rejection.fromJson(f.element("rejected", rejected.get(i), i)));
            }
            b.leader = f.value("leader") == Json.NULL ? null : Leader.fromJson(f.fields("leader"));
            return b;
        } catch (MalformedJsonException e) {
            throw new StateException("parse state snapshot: " + e.getMessage() + " (discard the snapshot and replay from an earlier one)");
        }
    }

    private static <V> void readEach(JsonFields f, Map<String, V> into, Function<JsonFields, V> read) {
        for (String key : f.map().keySet()) {
            into.put(key, read.apply(f.fields(key)));
        }
    }

    private static <V> void readNested(JsonFields f, Map<String, TreeMap<String, V>> into, Function<JsonFields, V> read) {
        for (String agent : f.map().keySet()) {
            TreeMap<String, V> byId = new TreeMap<>();
            readEach(f.fields(agent), byId, read);
            into.put(agent, byId);
        }
    }
}
