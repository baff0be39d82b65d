package io.rynxs.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report step of the operator's loop (docs/DESIGN.md, The operator): the Agent's status subresource (phase, conditions {@code Ready} and
 * {@code Reconciled}, observedGeneration, lastEventSeq, stateHash) and a Kubernetes Event. Status is
 * written only when it changes, so a resync of a settled Agent writes nothing.
 */
final class AgentStatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AgentStatusWriter.class);

    private final KubernetesClient client;
    private final Clock clock;

    AgentStatusWriter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** What to report: phase, and for each condition whether it holds, why and what happened. */
    record Report(String phase, boolean ready, boolean reconciled, String reason, String message, long lastEventSeq, String stateHash) {}

    /** Writes the status if any reported field differs from the live one; returns whether it wrote. */
    boolean write(GenericKubernetesResource agent, Report r) {
        Map<String, Object> old = status(agent);
        long generation = agent.getMetadata().getGeneration() == null ? 1 : agent.getMetadata().getGeneration();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", r.phase());
        status.put("observedGeneration", generation);
        status.put("lastEventSeq", r.lastEventSeq());
        status.put("stateHash", r.stateHash());
        List<Object> conditions = new ArrayList<>();
        conditions.add(condition("Ready", r.ready(), r.reason(), r.message(), generation, old));
        conditions.add(condition("Reconciled", r.reconciled(), r.reason(), r.message(), generation, old));
        status.put("conditions", conditions);
        if (same(old, status)) {
            return false;
        }
        try {
            client.genericKubernetesResources(AgentResources.AGENTS).inNamespace(agent.getMetadata().getNamespace())
                    .withName(agent.getMetadata().getName()).editStatus(live -> {
                        live.setAdditionalProperty("status", status);
                        return live;
                    });
            return true;
        } catch (KubernetesClientException e) {
            LOG.warn("report agent {}/{}: status not written: {} (the next reconcile tries again)",
                    agent.getMetadata().getNamespace(), agent.getMetadata().getName(), FailureCodes.message(e));
            return false;
        }
    }

    /** A Kubernetes Event on the Agent ({@code Normal} or {@code Warning}); failures only log, events are best effort. */
    void event(GenericKubernetesResource agent, boolean warning, String reason, String message) {
        String ns = agent.getMetadata().getNamespace();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName(agent.getMetadata().getName() + ".").withNamespace(ns).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(AgentResources.API_VERSION).withKind("Agent")
                            .withNamespace(ns).withName(agent.getMetadata().getName()).withUid(agent.getMetadata().getUid()).build())
                    .withType(warning ? "Warning" : "Normal").withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("rynxs-operator").endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.debug("report agent {}/{}: event not recorded: {}", ns, agent.getMetadata().getName(), FailureCodes.message(e));
        }
    }

    /** The stateHash the live status reports, if it reports it for the same last event seq. */
    static Optional<String> reportedHash(GenericKubernetesResource agent, long lastEventSeq) {
        Map<String, Object> s = status(agent);
        if (s.get("lastEventSeq") instanceof Number n && n.longValue() == lastEventSeq && s.get("stateHash") instanceof String h) {
            return Optional.of(h);
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource agent) {
        Object s = agent.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private Map<String, Object> condition(String type, boolean holds, String reason, String message, long generation,
                                          Map<String, Object> old) {
        String value = holds ? "True" : "False";
        String since = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Object> previous = previousCondition(old, type);
        if (previous != null && value.equals(previous.get("status")) && previous.get("lastTransitionTime") instanceof String t) {
            since = t; // the condition did not transition: keep when it last did
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", value);
        c.put("reason", reason);
        c.put("message", message);
        c.put("observedGeneration", generation);
        c.put("lastTransitionTime", since);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> previousCondition(Map<String, Object> old, String type) {
        if (old.get("conditions") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return (Map<String, Object>) m;
                }
            }
        }
        return null;
    }

    /** Equal up to number types (the API server hands back integers as Integer or Long). */
    private static boolean same(Map<String, Object> old, Map<String, Object> next) {
        return normalize(old).equals(normalize(next));
    }

    private static Object normalize(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(k, normalize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(AgentStatusWriter::normalize).toList();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v;
    }

}
