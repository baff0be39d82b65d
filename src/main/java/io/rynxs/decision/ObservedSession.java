package io.rynxs.decision;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.state.ContentHash;
import io.rynxs.state.KnownEventType;
import io.rynxs.state.SessionEntry;
import io.rynxs.state.State;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Session as the log records it: its name and free-form spec; sessions own no objects. */
public record ObservedSession(String name, Map<String, Object> spec) {
    public ObservedSession {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("observed session: name is required");
        }
        spec = spec == null ? Map.of() : spec;
    }

    public String specHash() {
        return ContentHash.ofObject(spec);
    }

    /** True when the state already holds this spec. */
    public boolean isRecordedIn(State state) {
        SessionEntry entry = state.sessions().get(name);
        return entry != null && entry.specHash().equals(specHash());
    }

    /** The {@code SessionObserved} event of docs/EVENTS.md. */
    public NewEvent event() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("spec", spec);
        p.put("specHash", specHash());
        return new NewEvent(KnownEventType.SessionObserved.name(), KnownEventType.sessionAggregate(name), CanonicalJson.of(p), null);
    }
}
