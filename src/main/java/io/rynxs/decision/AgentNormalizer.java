package io.rynxs.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns an Agent as read from the API server (plain JSON values) into an {@link ObservedAgent}: defaults
 * filled, unknown fields dropped, {@code manages} sorted and de-duplicated, only user labels kept. Pure:
 * the same object always gives the same spec hash, which is what makes observing idempotent.
 */
public final class AgentNormalizer {
    /** The runtime image when the Agent names none. */
    public static final AgentSpec.ImageRef DEFAULT_IMAGE = new AgentSpec.ImageRef("ghcr.io/rynxs/agent-runtime", "v0.1.0", false);
    public static final String DEFAULT_WORKSPACE_SIZE = "1Gi";

    private AgentNormalizer() {}

    /** Normalizes or throws {@link InvalidSpecException} naming the field and what is allowed. */
    public static ObservedAgent normalize(String namespace, String name, long generation, Map<String, String> labels,
                                          Map<String, ?> spec) {
        Map<String, ?> s = spec == null ? Map.of() : spec;
        AgentSpec normalized = new AgentSpec(role(s), string(s, "team", ""), manages(s), permissions(object(s, "permissions")),
                image(object(s, "image")), workspace(object(s, "workspace")), optionalString(s, "runtimeClassName", "runtimeClassName"));
        return new ObservedAgent(namespace, name, Math.max(1, generation), normalized, userLabels(labels));
    }

    private static Role role(Map<String, ?> s) {
        String value = string(s, "role", "worker");
        Role role = Role.of(value);
        if (role == null) {
            throw new InvalidSpecException("role", "\"" + value + "\" is not a role (use worker, manager or director)");
        }
        return role;
    }

    private static List<String> manages(Map<String, ?> s) {
        Object raw = s.get("manages");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new InvalidSpecException("manages", "is not a list of agent names");
        }
        TreeSet<String> names = new TreeSet<>();
        for (Object o : list) {
            if (!(o instanceof String n) || n.isEmpty()) {
                throw new InvalidSpecException("manages", "holds " + o + ", not an agent name");
            }
            names.add(n);
        }
        return new ArrayList<>(names);
    }

    private static AgentSpec.Permissions permissions(Map<String, ?> p) {
        return new AgentSpec.Permissions(bool(p, "canAssignTasks", "permissions"), bool(p, "canAccessAuditLogs", "permissions"),
                bool(p, "canManageTeam", "permissions"));
    }

    private static AgentSpec.ImageRef image(Map<String, ?> i) {
        if (i.isEmpty()) {
            return DEFAULT_IMAGE;
        }
        String repository = string(i, "repository", "");
        if (repository.isEmpty()) {
            throw new InvalidSpecException("image.repository", "is missing (name the runtime image, e.g. ghcr.io/rynxs/agent-runtime)");
        }
        String tag = string(i, "tag", "");
        boolean digest = repository.contains("@sha256:");
        if (tag.isEmpty() && !digest) {
            throw new InvalidSpecException("image.tag", "is missing for " + repository
                    + " (pin a tag such as v0.1.0, or a digest repository@sha256:...; an untagged image is not reproducible)");
        }
        if (!tag.isEmpty() && digest) {
            throw new InvalidSpecException("image.tag", "is given although " + repository + " pins a digest (give one or the other)");
        }
        return new AgentSpec.ImageRef(repository, tag, bool(i, "verify", "image"));
    }

    private static AgentSpec.Workspace workspace(Map<String, ?> w) {
        String size = string(w, "size", DEFAULT_WORKSPACE_SIZE);
        if (!size.matches("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?")) {
            throw new InvalidSpecException("workspace.size", "\"" + size + "\" is not a Kubernetes quantity (e.g. 1Gi)");
        }
        return new AgentSpec.Workspace(size, optionalString(w, "storageClassName", "workspace.storageClassName"));
    }

    /** Drops labels that tools manage rather than users (kubectl, controllers); they say nothing about the agent. */
    static SortedMap<String, String> userLabels(Map<String, String> labels) {
        SortedMap<String, String> kept = new TreeMap<>();
        if (labels != null) {
            labels.forEach((k, v) -> {
                if (!k.startsWith("kubectl.kubernetes.io/") && !k.equals("pod-template-hash") && !k.equals("controller-revision-hash")) {
                    kept.put(k, v);
                }
            });
        }
        return kept;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(Map<String, ?> s, String field) {
        Object raw = s.get(field);
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?>)) {
            throw new InvalidSpecException(field, "is not an object");
        }
        return (Map<String, ?>) raw;
    }

    private static String string(Map<String, ?> s, String field, String dflt) {
        Object raw = s.get(field);
        if (raw == null) {
            return dflt;
        }
        if (!(raw instanceof String str)) {
            throw new InvalidSpecException(field, "is " + raw + ", not a string");
        }
        return str;
    }

    private static String optionalString(Map<String, ?> s, String field, String path) {
        Object raw = s.get(field);
        if (raw == null || "".equals(raw)) {
            return null;
        }
        if (!(raw instanceof String str)) {
            throw new InvalidSpecException(path, "is " + raw + ", not a string");
        }
        return str;
    }

    private static boolean bool(Map<String, ?> s, String field, String parent) {
        Object raw = s.get(field);
        if (raw == null) {
            return false;
        }
        if (!(raw instanceof Boolean b)) {
            throw new InvalidSpecException(parent + "." + field, "is " + raw + ", not true or false");
        }
        return b;
    }
}
