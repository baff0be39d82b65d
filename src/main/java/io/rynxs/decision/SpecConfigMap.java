package io.rynxs.decision;

import io.rynxs.event.CanonicalJson;
import java.util.Map;

/** ConfigMap {@code N-spec}: the normalized spec as {@code agent.json}, mounted read-only into the runtime. */
public final class SpecConfigMap {
    private SpecConfigMap() {}

    public static Desired desired(ObservedAgent agent) {
        String name = OwnedKind.CONFIG_MAP.nameFor(agent.name());
        Map<String, Object> m = Desired.manifest("v1", "ConfigMap", agent, name);
        m.put("data", Desired.map("agent.json", CanonicalJson.of(agent.spec().toJson()).text()));
        return new Desired("ConfigMap", agent.namespace(), name, m);
    }
}
