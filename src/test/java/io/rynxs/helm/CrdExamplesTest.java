package io.rynxs.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Every custom resource in examples/ is valid against the openAPIV3Schema of its CRD in helm/rynxs/crds. */
class CrdExamplesTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    /** kind to the schema of its CRD's storage version. */
    static Map<String, Schema> schemas() throws Exception {
        Map<String, Schema> out = new HashMap<>();
        try (Stream<Path> files = Files.list(Chart.DIR.resolve("crds"))) {
            for (Path f : files.toList()) {
                JsonNode crd = YAML.readTree(f.toFile());
                String apiVersion = crd.at("/spec/group").asString() + "/" + crd.at("/spec/versions/0/name").asString();
                ObjectNode schema = (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
                out.put(apiVersion + " " + crd.at("/spec/names/kind").asString(), REGISTRY.getSchema(schema.toString(), InputFormat.JSON));
            }
        }
        return out;
    }

    static Stream<Path> customResources() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static List<String> errors(JsonNode resource) throws Exception {
        String key = resource.get("apiVersion").asString() + " " + resource.get("kind").asString();
        Schema schema = schemas().get(key);
        assertThat(schema).as("a CRD for %s", key).isNotNull();
        return schema.validate(resource).stream().map(Error::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("customResources")
    void the_example_is_valid_against_its_crd(Path file) throws Exception {
        JsonNode resource = YAML.readTree(file.toFile());
        assertThat(errors(resource)).as(file.toString()).isEmpty();
    }

    @Test
    void every_kind_the_crds_define_has_an_example() throws Exception {
        List<String> kinds = customResources().map(f -> {
            JsonNode r = YAML.readTree(f.toFile());
            return r.get("apiVersion").asString() + " " + r.get("kind").asString();
        }).distinct().toList();
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(schemas().keySet());
    }

    @Test
    void an_agent_with_an_unknown_role_is_refused_by_the_crd_schema() throws Exception {
        ObjectNode agent = (ObjectNode) YAML.readTree(Path.of("examples/agent-basic.yaml").toFile());
        ((ObjectNode) agent.get("spec")).put("role", "janitor");
        assertThat(errors(agent)).anyMatch(e -> e.contains("role"));
    }

    /** One bad Agent per rule of the schema: what to change in agent-basic.yaml, and the field the refusal must name. */
    static Stream<Arguments> badAgents() {
        return Stream.of(
                Arguments.of("/spec/role", "\"janitor\"", "/spec/role"),
                Arguments.of("/spec/permissions", "{\"canAssignTasks\": \"yes\"}",
                        "/spec/permissions/canAssignTasks"),
                Arguments.of("/spec/image", "{\"tag\": \"v1\"}", "repository"),
                Arguments.of("/spec/image", "{\"repository\": \"\"}", "/spec/image/repository"),
                Arguments.of("/spec/workspace", "{\"size\": \"lots\"}", "/spec/workspace/size"),
                Arguments.of("/spec/manages", "\"team-b\"", "/spec/manages"),
                Arguments.of("/spec", "\"worker\"", "/spec"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badAgents")
    void a_bad_agent_is_refused_by_the_crd_schema_and_the_refusal_names_the_field(String pointer, String value, String field)
            throws Exception {
        ObjectNode agent = (ObjectNode) YAML.readTree(Path.of("examples/agent-basic.yaml").toFile());
        assertThat(errors(agent)).as("agent-basic.yaml itself").isEmpty();
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) agent.at(pointer.substring(0, slash).isEmpty() ? "" : pointer.substring(0, slash));
        parent.set(pointer.substring(slash + 1), new tools.jackson.databind.ObjectMapper().readTree(value));
        List<String> errors = errors(agent);
        assertThat(errors).as(pointer + " = " + value).isNotEmpty().allMatch(e -> e.contains(field));
    }
}
