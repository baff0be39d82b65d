package io.rynxs.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rynxs.decision.AgentNormalizer;
import io.rynxs.decision.DecidedActions;
import io.rynxs.decision.Decider;
import io.rynxs.decision.Desired;
import io.rynxs.decision.InvalidSpecException;
import io.rynxs.decision.ObservedAgent;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.state.AgentEntry;
import io.rynxs.state.Applied;
import io.rynxs.state.ApplyResult;
import io.rynxs.state.Decision;
import io.rynxs.state.EventRef;
import io.rynxs.state.Failure;
import io.rynxs.state.FailureCode;
import io.rynxs.state.KnownEventType;
import io.rynxs.state.State;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's loop (docs/DESIGN.md, The operator) for one Agent: observe (normalize, record {@code AgentObserved} only when the
 * state lacks it), decide (pure, {@code ActionsDecided} when a decision is owed), execute (each action,
 * recorded as {@code ActionApplied} or {@code ActionFailed}) and report (status and a Kubernetes Event).
 * Everything it appends is derived from the state, so a restart at any point converges without repeating
 * a decision, and a reconcile of a settled Agent appends nothing.
 */
final class AgentReconciler implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(AgentReconciler.class);

    private final Function<String, GenericKubernetesResource> cache;
    private final OperatorLog log;
    private final ObjectApplier applier;
    private final AgentStatusWriter status;
    private final OperatorMetrics metrics;

    AgentReconciler(Function<String, GenericKubernetesResource> cache, OperatorLog log, ObjectApplier applier,
                    AgentStatusWriter status, OperatorMetrics metrics) {
        this.cache = cache;
        this.log = log;
        this.applier = applier;
        this.status = status;
        this.metrics = metrics;
    }

    @Override
    public Outcome reconcile(String key) {
        long start = System.nanoTime();
        try {
            GenericKubernetesResource agent = cache.apply(key);
            return agent == null ? deleted(key) : reconcile(key, agent);
        } finally {
            metrics.reconciled("Agent", (System.nanoTime() - start) / 1e9);
        }
    }

    private Outcome deleted(String key) {
        if (log.stateFor(aggregate(key)).agents().containsKey(key)) {
            int slash = key.indexOf('/');
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", key.substring(slash + 1));
            p.put("namespace", key.substring(0, slash));
            log.append(new NewEvent(KnownEventType.AgentDeleted.name(), aggregate(key), CanonicalJson.of(p), null));
            LOG.info("agent {} deleted: recorded; its objects go with their owner reference", key);
        }
        return Outcome.DONE;
    }

    private Outcome reconcile(String key, GenericKubernetesResource agent) {
        ObservedAgent observed;
        try {
            observed = AgentNormalizer.normalize(agent.getMetadata().getNamespace(), agent.getMetadata().getName(),
                    agent.getMetadata().getGeneration() == null ? 1 : agent.getMetadata().getGeneration(),
                    agent.getMetadata().getLabels(), spec(agent));
        } catch (InvalidSpecException e) {
            // Nothing to record or decide until the spec changes: retrying could not help, so no requeue.
            LOG.warn("reconcile agent {}: invalid spec: {} (fix the Agent; nothing is recorded until then)", key, e.getMessage());
            State s = log.stateFor(aggregate(key));
            if (status.write(agent, new AgentStatusWriter.Report("Failed", false, false, "InvalidSpec", e.getMessage(),
                    lastEventSeq(s, key), s.hash()))) {
                status.event(agent, true, "InvalidSpec", e.getMessage());
            }
            return Outcome.DONE;
        }
        // Everything about this agent up to now; the reconcile keeps track of its own appends instead of
        // reading the state back after each one (a state build is linear in the number of agents).
        State s = log.stateFor(aggregate(key));
        AgentEntry entry = s.agents().get(key);
        DecidedActions actions;
        long decidedAt;
        boolean fresh = true;
        if (!observed.isRecordedIn(s)) {
            Event observation = log.append(observed.event());
            actions = Decider.decideObserved(observed, observation);
            decidedAt = log.append(actions.event()).seq();
        } else if (Decider.isOwed(s, key)) {
            long triggerSeq = entry.lastObservedSeq();
            String triggerHash = log.store().event(triggerSeq).orElseThrow().hash();
            actions = Decider.decide(key, entry, new EventRef(triggerSeq, triggerHash));
            decidedAt = log.append(actions.event()).seq();
        } else {
            Decision decision = s.decisions().get(key);
            actions = Decider.decide(key, entry, decision.trigger());
            if (!actions.actionsHash().equals(decision.actionsHash())) {
                throw new IllegalStateException("reconcile agent " + key + ": the recorded decision at seq " + decision.decidedAtSeq()
                        + " does not match the decision function (was the log written by another version? run rynxs replay)");
            }
            decidedAt = decision.decidedAtSeq();
            fresh = false;
        }
        // After a decision made in this reconcile no outcome is recorded yet; otherwise the state says which are.
        State recorded = fresh ? null : s;
        int failed = 0;
        boolean appended = fresh;
        for (Desired d : actions.desired()) {
            Executed e = execute(key, agent, d, decidedAt, recorded);
            failed += e.failed ? 1 : 0;
            appended |= e.appended;
        }
        report(key, agent, appended, failed);
        return failed == 0 ? Outcome.DONE : Outcome.RETRY;
    }

    /** What executing one action did: whether it failed, and whether its outcome was appended. */
    private enum Executed {
        APPLIED(false, true), CONFIRMED(false, false), FAILED(true, true), FAILED_AGAIN(true, false);

        final boolean failed;
        final boolean appended;

        Executed(boolean failed, boolean appended) {
            this.failed = failed;
            this.appended = appended;
        }
    }

    /**
     * Executes one action and records its outcome unless {@code s} (null: nothing recorded since the
     * decision) already says exactly that.
     */
    private Executed execute(String key, GenericKubernetesResource agent, Desired d, long decidedAt, State s) {
        String id = d.action().id();
        Applied applied = s == null ? null : s.applied().getOrDefault(key, Collections.emptySortedMap()).get(id);
        Failure last = s == null ? null : s.failures().getOrDefault(key, Collections.emptySortedMap()).get(id);
        try {
            ApplyResult result = applier.apply(d, agent);
            boolean recorded = applied != null && applied.seq() > decidedAt && (last == null || last.seq() < applied.seq());
            if (result != ApplyResult.UNCHANGED || !recorded) {
                log.append(outcome(KnownEventType.ActionApplied, key, d, "result", result.json(), null));
                return Executed.APPLIED;
            }
            return Executed.CONFIRMED;
        } catch (KubernetesClientException e) {
            FailureCode code = FailureCodes.of(e);
            String message = FailureCodes.message(e);
            boolean repeat = last != null && last.seq() > decidedAt && last.code() == code && last.message().equals(message)
                    && (applied == null || applied.seq() < last.seq());
            if (!repeat) {
                log.append(outcome(KnownEventType.ActionFailed, key, d, "code", code.name(), message));
            }
            LOG.warn("reconcile agent {}: {} {}/{} failed: {} {}", key, d.kind(), d.namespace(), d.name(), code, message);
            return repeat ? Executed.FAILED_AGAIN : Executed.FAILED;
        }
    }

    /**
     * Status and a Kubernetes Event. The state hash reported is that of the log when the status was written,
     * at or after the agent's last event; a reconcile that appended nothing keeps the hash already reported
     * for the same last event, so a resync does not rewrite the status (which would queue the agent again)
     * each time other agents move the log.
     */
    private void report(String key, GenericKubernetesResource agent, boolean appended, int failed) {
        State s = log.stateFor(aggregate(key));
        AgentEntry entry = s.agents().get(key);
        if (entry == null) {
            LOG.error("reconcile agent {}: the state refused its observation (see rejected in GET /api/v1/state)", key);
        }
        String phase = entry == null ? "Pending" : entry.phase().name();
        boolean ready = "Ready".equals(phase);
        String reason = failed > 0 ? "ActionFailed" : ready ? "Reconciled" : "Pending";
        String message = failed > 0 ? failed + " of 4 owned objects could not be applied (see the ActionFailed events in the log)"
                : ready ? "all 4 owned objects match the decision" : "waiting for the decision to be carried out";
        long last = lastEventSeq(s, key);
        String hash = appended ? s.hash() : AgentStatusWriter.reportedHash(agent, last).orElse(s.hash());
        boolean wrote = status.write(agent, new AgentStatusWriter.Report(phase, ready, failed == 0, reason, message, last, hash));
        if (appended && wrote) {
            status.event(agent, failed > 0, reason, message + " (log seq " + last + ")");
        }
    }

    private static String aggregate(String key) {
        return "agent/" + key;
    }

    /** The seq of the latest event about this agent that the state keeps. */
    static long lastEventSeq(State s, String key) {
        long seq = 0;
        AgentEntry entry = s.agents().get(key);
        if (entry != null) {
            seq = entry.lastObservedSeq();
        }
        Decision d = s.decisions().get(key);
        if (d != null) {
            seq = Math.max(seq, d.decidedAtSeq());
        }
        for (Applied a : s.applied().getOrDefault(key, Collections.emptySortedMap()).values()) {
            seq = Math.max(seq, a.seq());
        }
        for (Failure f : s.failures().getOrDefault(key, Collections.emptySortedMap()).values()) {
            seq = Math.max(seq, f.seq());
        }
        return seq;
    }

    private static NewEvent outcome(KnownEventType type, String key, Desired d, String field, String value, String message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("actionId", d.action().id());
        p.put("agent", key);
        p.put(field, value);
        p.put("kind", d.kind());
        if (message != null) {
            p.put("message", message);
        }
        p.put("name", d.name());
        p.put("namespace", d.namespace());
        return new NewEvent(type.name(), "agent/" + key, CanonicalJson.of(p), null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> spec(GenericKubernetesResource agent) {
        Object s = agent.getAdditionalProperties().get("spec");
        return s instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
    }
}
