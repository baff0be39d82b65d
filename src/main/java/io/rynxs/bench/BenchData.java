package io.rynxs.bench;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deterministic benchmark events of about 300 bytes each, shaped like operator observations. */
final class BenchData {
    private BenchData() {}

    static List<NewEvent> events(int n) {
        List<NewEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int agent = i % 1_000;
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("namespace", "default");
            payload.put("name", "agent-" + agent);
            payload.put("generation", (long) (i / 1_000 + 1));
            payload.put("role", agent % 3 == 0 ? "manager" : "worker");
            payload.put("step", (long) i);
            payload.put("note", "observed spec with image ghcr.io/rynxs/agent-runtime:v0.1." + (i % 97));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("writer", "bench");
            meta.put("traceId", String.format("%032x", (long) i * 2654435761L));
            out.add(new NewEvent("AgentObserved", "agent/default/agent-" + agent, CanonicalJson.of(payload), CanonicalJson.of(meta)));
        }
        return out;
    }
}
