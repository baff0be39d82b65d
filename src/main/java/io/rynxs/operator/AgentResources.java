package io.rynxs.operator;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The custom resources (docs/DESIGN.md, The operator) as the API server names them. */
public final class AgentResources {
    public static final String GROUP = "universe.ai";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    public static final ResourceDefinitionContext AGENTS = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind("Agent").withPlural("agents").withNamespaced(true).build();
    public static final ResourceDefinitionContext SESSIONS = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind("Session").withPlural("sessions").withNamespaced(false).build();

    private AgentResources() {}
}
