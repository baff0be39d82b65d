package io.rynxs.decision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalized spec of an Agent: every default filled, nothing the schema does not name. Its
 * {@link #toJson} is the {@code spec} of {@code AgentObserved}; the CRD schema in helm/rynxs/crds is held
 * to these components by {@code CrdSchemaTest}.
 *
 * @param runtimeClassName optional RuntimeClass of the agent's pod (e.g. gvisor); null for the default
 */
public record AgentSpec(Role role, String team, List<String> manages, Permissions permissions, ImageRef image,
                        Workspace workspace, String runtimeClassName) {
    public AgentSpec {
        if (role == null || team == null || manages == null || permissions == null || image == null || workspace == null) {
            throw new IllegalArgumentException("agent spec: role, team, manages, permissions, image and workspace are required");
        }
        manages = List.copyOf(manages);
    }

    /** Egress is open to agents that coordinate others: managers, directors and anyone who may assign tasks. */
    public boolean allowsEgress() {
        return role != Role.WORKER || permissions.canAssignTasks();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image.toJson());
        m.put("manages", manages);
        m.put("permissions", permissions.toJson());
        m.put("role", role.json());
        if (runtimeClassName != null) {
            m.put("runtimeClassName", runtimeClassName);
        }
        m.put("team", team);
        m.put("workspace", workspace.toJson());
        return m;
    }

    /** What the agent may do beyond its own work. */
    public record Permissions(boolean canAssignTasks, boolean canAccessAuditLogs, boolean canManageTeam) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("canAccessAuditLogs", canAccessAuditLogs);
            m.put("canAssignTasks", canAssignTasks);
            m.put("canManageTeam", canManageTeam);
            return m;
        }
    }

    /** The agent runtime image; {@code verify} asks for a signature check before it runs. */
    public record ImageRef(String repository, String tag, boolean verify) {
        /** The reference a container runs: {@code repository:tag}, or the repository alone when it pins a digest. */
        public String reference() {
            return tag.isEmpty() ? repository : repository + ":" + tag;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repository", repository);
            m.put("tag", tag);
            m.put("verify", verify);
            return m;
        }
    }

    /** The agent's persistent workspace; a null storage class means the cluster default. */
    public record Workspace(String size, String storageClassName) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", size);
            if (storageClassName != null) {
                m.put("storageClassName", storageClassName);
            }
            return m;
        }
    }
}
