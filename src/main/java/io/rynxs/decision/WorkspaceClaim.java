package io.rynxs.decision;

import java.util.Map;

/** PersistentVolumeClaim {@code N-workspace}: the agent's working directory, kept across restarts. */
public final class WorkspaceClaim {
    private WorkspaceClaim() {}

    public static Desired desired(ObservedAgent agent) {
        String name = OwnedKind.PERSISTENT_VOLUME_CLAIM.nameFor(agent.name());
        AgentSpec.Workspace w = agent.spec().workspace();
        Map<String, Object> spec = Desired.map(
                "accessModes", Desired.list("ReadWriteOnce"),
                "resources", Desired.map("requests", Desired.map("storage", w.size())));
        if (w.storageClassName() != null) {
            spec.put("storageClassName", w.storageClassName());
        }
        Map<String, Object> m = Desired.manifest("v1", "PersistentVolumeClaim", agent, name);
        m.put("spec", spec);
        return new Desired("PersistentVolumeClaim", agent.namespace(), name, m);
    }
}
