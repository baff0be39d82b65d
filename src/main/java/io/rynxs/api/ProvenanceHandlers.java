package io.rynxs.api;

import io.javalin.http.Context;
import io.rynxs.store.Provenance;

/** {@code /provenance}: why an object exists, as a chain of events with inclusion proofs. */
final class ProvenanceHandlers {
    private final Provenance provenance;

    ProvenanceHandlers(Provenance provenance) {
        this.provenance = provenance;
    }

    void explain(Context ctx) {
        Params p = Params.of(ctx, "kind", "namespace", "name");
        String kind = p.oneOf("kind", null, "Agent", "ConfigMap", "PersistentVolumeClaim", "Deployment", "NetworkPolicy");
        String namespace = p.string("namespace");
        String name = p.string("name");
        if (kind == null || namespace == null || name == null || namespace.isEmpty() || name.isEmpty()) {
            throw ApiProblem.badRequest("query parameters kind, namespace and name are required (e.g. kind=Deployment&namespace=default&name=alpha-runtime)");
        }
        Responses.json(ctx, provenance.explain(kind, namespace, name)
                .orElseThrow(() -> ApiProblem.notFound("the log has no history for " + kind + " " + namespace + "/" + name
                        + " (the operator did not create it, or it was made before this log began)"))
                .toJson());
    }
}
