package io.rynxs.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.rynxs.state.State;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Informers feeding two keyed queues (Agents, Sessions) and their controllers, for one leadership term.
 * Keys the state knows but the cluster no longer has (deleted while no one led) are queued at start so
 * their deletion is recorded too.
 */
final class OperatorLoop implements AutoCloseable {
    private final KubernetesClient client;
    private final OperatorConfig config;
    private final OperatorLog log;
    private final OperatorMetrics metrics;
    private final List<SharedIndexInformer<GenericKubernetesResource>> agentInformers = new ArrayList<>();
    private SharedIndexInformer<GenericKubernetesResource> sessionInformer;
    private Controller agents;
    private Controller sessions;

    OperatorLoop(KubernetesClient client, OperatorConfig config, OperatorLog log, OperatorMetrics metrics) {
        this.client = client;
        this.config = config;
        this.log = log;
        this.metrics = metrics;
    }

    OperatorLoop start() {
        WorkQueue<String> agentQueue = new WorkQueue<>("agents", config.backoff());
        WorkQueue<String> sessionQueue = new WorkQueue<>("sessions", config.backoff());
        long resync = config.resyncPeriod().toMillis();
        var agentsApi = client.genericKubernetesResources(AgentResources.AGENTS);
        if (config.watchNamespaces().isEmpty()) {
            agentInformers.add(agentsApi.inAnyNamespace().inform(enqueue(agentQueue::add), resync));
        } else {
            for (String ns : config.watchNamespaces()) {
                agentInformers.add(agentsApi.inNamespace(ns).inform(enqueue(agentQueue::add), resync));
            }
        }
        sessionInformer = client.genericKubernetesResources(AgentResources.SESSIONS).inform(enqueue(sessionQueue::add), resync);
        State s = log.state();
        s.agents().keySet().stream().filter(this::inScope).forEach(agentQueue::add);
        s.sessions().keySet().forEach(sessionQueue::add);
        agents = new Controller("agents", agentQueue, new AgentReconciler(this::agent, log, new ObjectApplier(client),
                new AgentStatusWriter(client, Clock.systemUTC()), metrics)).start(config.workers());
        sessions = new Controller("sessions", sessionQueue, new SessionReconciler(sessionInformer.getStore()::getByKey, log, metrics))
                .start(1);
        return this;
    }

    private boolean inScope(String agentKey) {
        return config.watchNamespaces().isEmpty() || config.watchNamespaces().contains(agentKey.substring(0, agentKey.indexOf('/')));
    }

    private GenericKubernetesResource agent(String key) {
        for (SharedIndexInformer<GenericKubernetesResource> i : agentInformers) {
            GenericKubernetesResource r = i.getStore().getByKey(key);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static ResourceEventHandler<GenericKubernetesResource> enqueue(Consumer<String> add) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                add.accept(Cache.metaNamespaceKeyFunc(obj));
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                add.accept(Cache.metaNamespaceKeyFunc(newObj));
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                add.accept(Cache.metaNamespaceKeyFunc(obj));
            }
        };
    }

    /** Stops watching, then lets the reconciles in flight finish (each ends between two appends, never inside one). */
    @Override
    public void close() {
        agentInformers.forEach(SharedIndexInformer::stop);
        if (sessionInformer != null) {
            sessionInformer.stop();
        }
        if (agents != null) {
            agents.stop(Duration.ofSeconds(30));
        }
        if (sessions != null) {
            sessions.stop(Duration.ofSeconds(30));
        }
    }
}
