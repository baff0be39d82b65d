package io.rynxs.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rynxs.event.Event;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.EventQuery;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Test fixture: CRDs installed in the mock API server, a fresh log, and reconcilers driven by hand. */
final class MockCluster implements AutoCloseable {
    final KubernetesClient client;
    final EventStore store;
    final StateHistory history;
    OperatorLog log;
    long mark;

    MockCluster(KubernetesClient client, Path dir) {
        this.client = client;
        installCrds(client);
        this.store = EventStore.open(StoreOptions.of(dir.resolve("events.db")));
        this.history = new StateHistory(store, SnapshotPolicy.DEFAULT);
        this.log = new OperatorLog(store, history, 0);
    }

    static void installCrds(KubernetesClient client) {
        for (String f : List.of("agents.universe.ai.yaml", "sessions.universe.ai.yaml")) {
            try (InputStream in = Files.newInputStream(Path.of("helm/rynxs/crds", f))) {
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A reconciler reading the API server directly (no informer), so each step is one synchronous call. */
    AgentReconciler agents() {
        return new AgentReconciler(key -> {
            int slash = key.indexOf('/');
            return client.genericKubernetesResources(AgentResources.AGENTS).inNamespace(key.substring(0, slash))
                    .withName(key.substring(slash + 1)).get();
        }, log, new ObjectApplier(client), new AgentStatusWriter(client, Clock.systemUTC()), OperatorMetrics.NONE);
    }

    SessionReconciler sessions() {
        return new SessionReconciler(name -> client.genericKubernetesResources(AgentResources.SESSIONS).withName(name).get(),
                log, OperatorMetrics.NONE);
    }

    GenericKubernetesResource apply(String exampleFile) {
        try (InputStream in = Files.newInputStream(Path.of("examples", exampleFile))) {
            GenericKubernetesResource r = client.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
            return client.resource(r).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GenericKubernetesResource agent(String ns, String name) {
        return client.genericKubernetesResources(AgentResources.AGENTS).inNamespace(ns).withName(name).get();
    }

    /** Events appended since the last call, as "Type" or "Type kind result|code". */
    List<String> newEvents() {
        List<Event> events = store.events(EventQuery.after(mark, 10_000));
        if (!events.isEmpty()) {
            mark = events.get(events.size() - 1).seq();
        }
        return events.stream().map(MockCluster::describe).toList();
    }

    static String describe(Event e) {
        var p = e.payload().toMap();
        return switch (e.type()) {
            case "ActionApplied" -> e.type() + " " + p.get("kind") + " " + p.get("result");
            case "ActionFailed" -> e.type() + " " + p.get("kind") + " " + p.get("code");
            default -> e.type();
        };
    }

    List<Event> all() {
        return store.events(EventQuery.after(0, 10_000));
    }

    @Override
    public void close() {
        store.close();
    }
}
