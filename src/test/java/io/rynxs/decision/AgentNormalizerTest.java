package io.rynxs.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentNormalizerTest {
    @Test
    void an_empty_spec_gets_every_default() {
        ObservedAgent a = AgentNormalizer.normalize("ns", "alpha", 1, Map.of(), Map.of());
        assertThat(a.spec().role()).isEqualTo(Role.WORKER);
        assertThat(a.spec().image()).isEqualTo(AgentNormalizer.DEFAULT_IMAGE);
        assertThat(a.spec().workspace().size()).isEqualTo("1Gi");
        assertThat(a.spec().allowsEgress()).isFalse();
    }

    @Test
    void spellings_that_mean_the_same_agent_give_the_same_spec_hash() {
        ObservedAgent a = AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of("manages", List.of("b", "a", "b")));
        ObservedAgent b = AgentNormalizer.normalize("ns", "a", 2, Map.of("kubectl.kubernetes.io/last-applied-configuration", "x"),
                Map.of("role", "worker", "manages", List.of("a", "b"), "permissions", Map.of("canAssignTasks", false),
                        "unknownField", 7));
        assertThat(a.specHash()).isEqualTo(b.specHash());
        assertThat(b.labels()).isEmpty();
    }

    @Test
    void an_unknown_role_is_refused_with_the_allowed_values() {
        assertThatThrownBy(() -> AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of("role", "admin")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("spec.role").hasMessageContaining("worker, manager or director");
    }

    @Test
    void an_image_without_a_tag_is_refused_but_a_digest_is_accepted() {
        assertThatThrownBy(() -> AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of("image", Map.of("repository", "busybox"))))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("spec.image.tag");
        ObservedAgent pinned = AgentNormalizer.normalize("ns", "a", 1, Map.of(),
                Map.of("image", Map.of("repository", "busybox@sha256:" + "a".repeat(64))));
        assertThat(pinned.spec().image().reference()).isEqualTo("busybox@sha256:" + "a".repeat(64));
    }

    @Test
    void wrong_types_are_refused_naming_the_field() {
        assertThatThrownBy(() -> AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of("permissions", Map.of("canAssignTasks", "yes"))))
                .hasMessageContaining("spec.permissions.canAssignTasks");
        assertThatThrownBy(() -> AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of("workspace", Map.of("size", "lots"))))
                .hasMessageContaining("spec.workspace.size");
    }

    @Test
    void the_recorded_spec_normalizes_to_itself() {
        ObservedAgent a = AgentNormalizer.normalize("ns", "a", 3, Map.of("team", "x"), Map.of("role", "manager",
                "image", Map.of("repository", "r", "tag", "1"), "workspace", Map.of("storageClassName", "fast"), "runtimeClassName", "gvisor"));
        ObservedAgent again = AgentNormalizer.normalize("ns", "a", 3, a.labels(), a.spec().toJson());
        assertThat(again).isEqualTo(a);
    }
}
