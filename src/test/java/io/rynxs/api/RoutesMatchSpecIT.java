package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** openapi.yaml is the contract: the server registers exactly its operations, and the spec follows STYLE 10. */
class RoutesMatchSpecIT {
    @TempDir
    Path dir;

    @Test
    void the_server_registers_exactly_the_operations_the_spec_lists() {
        try (ApiHarness api = new ApiHarness(dir)) {
            List<String> routes = api.server.routeKeys();
            assertThat(routes).doesNotHaveDuplicates();
            assertThat(Set.copyOf(routes)).as("routes in the server vs operations in openapi.yaml")
                    .isEqualTo(Set.copyOf(Spec.INSTANCE.operations()));
        }
    }

    @Test
    void every_operation_has_a_unique_verb_noun_operation_id_and_exactly_one_declared_tag() {
        Set<String> ids = new HashSet<>();
        Set<String> declared = new HashSet<>();
        Spec.INSTANCE.root.get("tags").forEach(t -> declared.add(t.get("name").asString()));
        for (Map.Entry<String, JsonNode> path : Spec.INSTANCE.root.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String id = op.getValue().get("operationId").asString();
                assertThat(id).as(op.getKey() + " " + path.getKey()).matches("(get|list|create|append|verify|stream)[A-Z][A-Za-z]+");
                assertThat(ids.add(id)).as("operationId " + id + " is unique").isTrue();
                JsonNode tags = op.getValue().get("tags");
                assertThat(tags.size()).as(id + " tags").isEqualTo(1);
                assertThat(declared).contains(tags.get(0).asString());
            }
        }
    }

    @Test
    void every_error_response_is_the_shared_problem() {
        for (Map.Entry<String, JsonNode> path : Spec.INSTANCE.root.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> response : op.getValue().get("responses").properties()) {
                    int status = Integer.parseInt(response.getKey());
                    if (status >= 400 && !path.getKey().equals("/readyz")) {
                        assertThat(response.getValue().path("$ref").asString())
                                .as(op.getKey() + " " + path.getKey() + " " + status)
                                .isIn("#/components/responses/Problem", "#/components/responses/Unavailable");
                    }
                }
            }
        }
    }
}
