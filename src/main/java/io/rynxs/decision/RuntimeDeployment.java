package io.rynxs.decision;

import java.util.Map;

/**
 * Deployment {@code N-runtime}: one pod running the agent image, locked down (non-root, read-only root
 * filesystem, no privilege escalation, every capability dropped, no service-account token). The spec
 * hash on the pod template rolls the pod when the spec in {@code N-spec} changes.
 */
public final class RuntimeDeployment {
    public static final long RUN_AS_USER = 65532;

    private RuntimeDeployment() {}

    public static Desired desired(ObservedAgent agent) {
        String name = OwnedKind.DEPLOYMENT.nameFor(agent.name());
        AgentSpec spec = agent.spec();
        Map<String, Object> container = Desired.map(
                "name", "agent",
                "image", spec.image().reference(),
                "imagePullPolicy", "IfNotPresent",
                "env", Desired.list(
                        env("RYNXS_AGENT_NAME", agent.name()),
                        env("RYNXS_AGENT_NAMESPACE", agent.namespace()),
                        env("RYNXS_AGENT_ROLE", spec.role().json()),
                        env("RYNXS_AGENT_TEAM", spec.team()),
                        env("RYNXS_AGENT_SPEC", "/etc/rynxs/agent.json")),
                "securityContext", Desired.map(
                        "allowPrivilegeEscalation", false,
                        "capabilities", Desired.map("drop", Desired.list("ALL")),
                        "readOnlyRootFilesystem", true,
                        "runAsNonRoot", true),
                "volumeMounts", Desired.list(
                        Desired.map("mountPath", "/workspace", "name", "workspace"),
                        Desired.map("mountPath", "/etc/rynxs", "name", "spec", "readOnly", true),
                        Desired.map("mountPath", "/tmp", "name", "tmp")));
        Map<String, Object> podSpec = Desired.map(
                "automountServiceAccountToken", false,
                "containers", Desired.list(container),
                "securityContext", Desired.map(
                        "fsGroup", RUN_AS_USER,
                        "runAsNonRoot", true,
                        "runAsUser", RUN_AS_USER,
                        "seccompProfile", Desired.map("type", "RuntimeDefault")),
                "volumes", Desired.list(
                        Desired.map("name", "workspace", "persistentVolumeClaim", Desired.map("claimName", OwnedKind.PERSISTENT_VOLUME_CLAIM.nameFor(agent.name()))),
                        Desired.map("name", "spec", "configMap", Desired.map("name", OwnedKind.CONFIG_MAP.nameFor(agent.name()))),
                        Desired.map("name", "tmp", "emptyDir", Desired.map())));
        if (spec.runtimeClassName() != null) {
            podSpec.put("runtimeClassName", spec.runtimeClassName());
        }
        Map<String, Object> template = Desired.map(
                "metadata", Desired.map(
                        "annotations", Desired.map("rynxs.io/spec-hash", agent.specHash()),
                        "labels", Desired.labels(agent)),
                "spec", podSpec);
        Map<String, Object> m = Desired.manifest("apps/v1", "Deployment", agent, name);
        m.put("spec", Desired.map(
                "replicas", 1L,
                "selector", Desired.map("matchLabels", Desired.selector(agent)),
                // Recreate: the workspace claim is ReadWriteOnce, two pods cannot hold it during a rollout.
                "strategy", Desired.map("type", "Recreate"),
                "template", template));
        return new Desired("Deployment", agent.namespace(), name, m);
    }

    private static Map<String, Object> env(String name, String value) {
        return Desired.map("name", name, "value", value);
    }
}
