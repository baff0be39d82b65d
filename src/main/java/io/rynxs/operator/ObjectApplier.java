package io.rynxs.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rynxs.decision.Desired;
import io.rynxs.state.ApplyResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes one action: creates the desired object, or replaces it with the live object's resourceVersion
 * (optimistic: a concurrent writer gets a 409), or leaves it alone when its {@code rynxs.io/desired-hash}
 * annotation and owner already match. Not server-side apply (docs/DESIGN.md, The operator): one tested write path.
 */
final class ObjectApplier {
    private final KubernetesClient client;

    ObjectApplier(KubernetesClient client) {
        this.client = client;
    }

    /** Applies {@code desired} owned by {@code owner}; a refusal surfaces as {@link KubernetesClientException}. */
    ApplyResult apply(Desired desired, GenericKubernetesResource owner) {
        HasMetadata object = client.getKubernetesSerialization().unmarshal(
                client.getKubernetesSerialization().asJson(desired.manifest()));
        Map<String, String> annotations = new HashMap<>();
        annotations.put(Desired.HASH_ANNOTATION, desired.hash());
        object.getMetadata().setAnnotations(annotations);
        object.getMetadata().setOwnerReferences(List.of(ownerReference(owner)));
        HasMetadata live = client.resource(object).get();
        if (live == null) {
            client.resource(object).create();
            return ApplyResult.CREATED;
        }
        Map<String, String> liveAnnotations = live.getMetadata().getAnnotations();
        boolean sameHash = liveAnnotations != null && desired.hash().equals(liveAnnotations.get(Desired.HASH_ANNOTATION));
        if (sameHash && object.getMetadata().getOwnerReferences().equals(live.getMetadata().getOwnerReferences())) {
            return ApplyResult.UNCHANGED;
        }
        object.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        client.resource(object).update();
        return ApplyResult.UPDATED;
    }

    /** The Agent as controlling owner, so deleting it lets the garbage collector remove the object. */
    static OwnerReference ownerReference(GenericKubernetesResource owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(AgentResources.API_VERSION)
                .withKind("Agent")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
