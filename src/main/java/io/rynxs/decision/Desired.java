package io.rynxs.decision;

import io.rynxs.state.Action;
import io.rynxs.state.ContentHash;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object an Agent should own, as a plain Kubernetes manifest. Its {@link #hash} (the content hash of
 * the manifest) is the {@code desiredHash} of the action and the value of the {@code rynxs.io/desired-hash}
 * annotation; ownerReferences and that annotation are added by the operator and are not hashed (the
 * owner's uid is the API server's, not the log's).
 */
public record Desired(String kind, String namespace, String name, Map<String, Object> manifest) {
    public static final String APP_LABEL = "app.kubernetes.io/name";
    public static final String APP = "rynxs-agent";
    public static final String AGENT_LABEL = "rynxs.io/agent";
    public static final String HASH_ANNOTATION = "rynxs.io/desired-hash";

    public Desired {
        manifest = Collections.unmodifiableMap(manifest);
    }

    public String hash() {
        return ContentHash.ofObject(manifest);
    }

    public Action action() {
        return Action.of(kind, namespace, name, hash());
    }

    /** Starts a manifest: apiVersion, kind and metadata with the labels every owned object carries. */
    static Map<String, Object> manifest(String apiVersion, String kind, ObservedAgent agent, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", apiVersion);
        m.put("kind", kind);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("namespace", agent.namespace());
        metadata.put("labels", labels(agent));
        m.put("metadata", metadata);
        return m;
    }

    /** The labels that select exactly this agent's pods. */
    static Map<String, Object> selector(ObservedAgent agent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(APP_LABEL, APP);
        m.put(AGENT_LABEL, agent.name());
        return m;
    }

    static Map<String, Object> labels(ObservedAgent agent) {
        Map<String, Object> m = selector(agent);
        m.put("app.kubernetes.io/managed-by", "rynxs");
        return m;
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static List<Object> list(Object... items) {
        return List.of(items);
    }
}
