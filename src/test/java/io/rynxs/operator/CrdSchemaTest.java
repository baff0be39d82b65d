package io.rynxs.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rynxs.decision.AgentSpec;
import io.rynxs.decision.Role;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The CRD YAML in helm/rynxs/crds is held to the Java types: no field of one may be missing from the other. */
class CrdSchemaTest {
    static CustomResourceDefinitionVersion version(String file) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("helm/rynxs/crds", file))) {
            CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            assertThat(crd.getSpec().getGroup()).isEqualTo(AgentResources.GROUP);
            return crd.getSpec().getVersions().get(0);
        }
    }

    @Test
    void the_agent_spec_schema_has_exactly_the_fields_of_AgentSpec() throws Exception {
        CustomResourceDefinitionVersion v = version("agents.universe.ai.yaml");
        assertThat(v.getName()).isEqualTo(AgentResources.VERSION);
        JSONSchemaProps spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertMatches("spec", spec, AgentSpec.class);
        assertThat(spec.getProperties().get("role").getEnum()).extracting(Object::toString)
                .containsExactlyElementsOf(Arrays.stream(Role.values()).map(r -> "\"" + r.json() + "\"").toList());
    }

    @Test
    void the_agent_status_schema_has_exactly_what_the_operator_writes_and_the_printer_columns_are_there() throws Exception {
        CustomResourceDefinitionVersion v = version("agents.universe.ai.yaml");
        assertThat(v.getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties().keySet())
                .containsExactlyInAnyOrder("phase", "conditions", "observedGeneration", "lastEventSeq", "stateHash");
        assertThat(v.getSubresources().getStatus()).isNotNull();
        assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName()).containsExactly("Role", "Phase", "Last Seq", "Age");
        assertThat(version("sessions.universe.ai.yaml").getSubresources().getStatus()).isNotNull();
    }

    private static void assertMatches(String path, JSONSchemaProps schema, Class<?> type) {
        Map<String, RecordComponent> components = Arrays.stream(type.getRecordComponents())
                .collect(Collectors.toMap(RecordComponent::getName, c -> c));
        assertThat(schema.getProperties().keySet()).as(path).containsExactlyInAnyOrderElementsOf(components.keySet());
        for (RecordComponent c : components.values()) {
            JSONSchemaProps p = schema.getProperties().get(c.getName());
            Class<?> t = c.getType();
            String expected = t == boolean.class ? "boolean" : t == String.class || t.isEnum() ? "string"
                    : t == List.class ? "array" : t.isRecord() ? "object" : "?";
            assertThat(p.getType()).as(path + "." + c.getName()).isEqualTo(expected);
            if (t.isRecord()) {
                assertMatches(path + "." + c.getName(), p, t);
            }
        }
    }
}
