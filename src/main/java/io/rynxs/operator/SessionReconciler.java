package io.rynxs.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.rynxs.decision.ObservedSession;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.state.KnownEventType;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Sessions: {@code SessionObserved} when the spec differs from the state's, {@code SessionDeleted} when gone. */
final class SessionReconciler implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(SessionReconciler.class);

    private final Function<String, GenericKubernetesResource> cache;
    private final OperatorLog log;
    private final OperatorMetrics metrics;

    SessionReconciler(Function<String, GenericKubernetesResource> cache, OperatorLog log, OperatorMetrics metrics) {
        this.cache = cache;
        this.log = log;
        this.metrics = metrics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Outcome reconcile(String name) {
        long start = System.nanoTime();
        try {
            GenericKubernetesResource session = cache.apply(name);
            if (session == null) {
                if (log.stateFor(KnownEventType.sessionAggregate(name)).sessions().containsKey(name)) {
                    log.append(new NewEvent(KnownEventType.SessionDeleted.name(), KnownEventType.sessionAggregate(name),
                            CanonicalJson.of(Map.of("name", name)), null));
                }
                return Outcome.DONE;
            }
            Object spec = session.getAdditionalProperties().get("spec");
            ObservedSession observed;
            try {
                observed = new ObservedSession(name, spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
                observed.specHash();
            } catch (RuntimeException e) {
                LOG.warn("reconcile session {}: spec cannot be recorded: {} (use strings, integers, booleans, lists and objects)",
                        name, e.getMessage());
                return Outcome.DONE;
            }
            if (!observed.isRecordedIn(log.stateFor(KnownEventType.sessionAggregate(name)))) {
                log.append(observed.event());
            }
            return Outcome.DONE;
        } finally {
            metrics.reconciled("Session", (System.nanoTime() - start) / 1e9);
        }
    }
}
