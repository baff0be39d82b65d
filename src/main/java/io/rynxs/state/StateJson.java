package io.rynxs.state;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** The one writer and the one reader of the state's JSON form (layout in docs/EVENTS.md). */
final class StateJson {
    /** The layout version; a snapshot of another version is refused rather than misread. */
    static final long VERSION = 1;

    private static final Set<String> SECTIONS = Set.of("v", "agents", "applied", "counts", "decisions", "failures",
            "head", "leader", "rejected", "sessions");

    private StateJson() {}

    /** A second thread for large states (the common pool has no spare thread on two cores). */
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rynxs-state-writer");
        t.setDaemon(true);
        return t;
    });

    /** Below this many agents the second thread costs more than it saves. */
    private static final int WRITE_IN_PARALLEL_FROM = 200;

    static CanonicalJson write(State s) {
        // The canonical text of an object is its sections' texts joined in key order, so the two big halves
        // (agents; decisions and their results) can be written on two cores and concatenated: same bytes.
        boolean parallel = s.agents().size() >= WRITE_IN_PARALLEL_FROM;
        CompletableFuture<String> agents = parallel
                ? CompletableFuture.supplyAsync(() -> CanonicalJson.textOf(each(s.agents(), AgentEntry::toJson)), WRITERS)
                : CompletableFuture.completedFuture(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agents", parallel ? Map.of() : each(s.agents(), AgentEntry::toJson));
        m.put("applied", each(s.applied(), byId -> each(byId, Applied::toJson)));
        m.put("counts", s.counts());
        m.put("decisions", each(s.decisions(), Decision::toJson));
        m.put("failures", each(s.failures(), byId -> each(byId, Failure::toJson)));
        m.put("head", s.head().toJson());
        m.put("leader", s.leader().<Object>map(Leader::toJson).orElse(Json.NULL));
        List<Object> rejected = new ArrayList<>(s.rejected().size());
        for (Rejection r : s.rejected()) {
            rejected.add(r.toJson());
        }
        m.put("rejected", rejected);
        m.put("sessions", each(s.sessions(), SessionEntry::toJson));
        m.put("v", VERSION);
        // Sorted maps and JcsWriter give RFC 8785 bytes directly (held to the reference library by JcsWriterProperties).
        CanonicalJson rest = CanonicalJson.of(m, 1024 + 2048 * (s.agents().size() + s.sessions().size()));
        if (!parallel) {
            return rest;
        }
        String empty = "{\"agents\":{}";
        String text = rest.text();
        return new CanonicalJson("{\"agents\":" + agents.join() + text.substring(empty.length()));
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
                b.rejected.add(Rejection.fromJson(f.child(rejected.get(i), "state.rejected[" + i + "]")));
            }
            b.leader = f.value("leader") == Json.NULL ? null : Leader.fromJson(f.fields("leader"));
            return b;
        } catch (MalformedJsonException e) {
            throw new StateException("parse state snapshot: " + e.getMessage() + " (discard the snapshot and replay from an earlier one)");
        }
    }

    private static <V> Map<String, Object> each(Map<String, V> source, Function<V, Object> toJson) {
        Map<String, Object> out = new TreeMap<>();
        source.forEach((k, v) -> out.put(k, toJson.apply(v)));
        return out;
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
