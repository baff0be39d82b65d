package io.rynxs.decision;

import java.util.List;
import java.util.Map;

/**
 * NetworkPolicy {@code N-egress} selecting exactly this agent's pods: egress open for agents that
 * coordinate others ({@link AgentSpec#allowsEgress}), an empty egress list (deny all) otherwise.
 */
public final class EgressPolicy {
    private EgressPolicy() {}

    public static Desired desired(ObservedAgent agent) {
        String name = OwnedKind.NETWORK_POLICY.nameFor(agent.name());
        List<Object> egress = agent.spec().allowsEgress() ? Desired.list(Desired.map()) : List.of();
        Map<String, Object> m = Desired.manifest("networking.k8s.io/v1", "NetworkPolicy", agent, name);
        m.put("spec", Desired.map(
                "egress", egress,
                "podSelector", Desired.map("matchLabels", Desired.selector(agent)),
                "policyTypes", Desired.list("Egress")));
        return new Desired("NetworkPolicy", agent.namespace(), name, m);
    }
}
