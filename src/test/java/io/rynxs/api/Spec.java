package io.rynxs.api;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The top-level openapi.yaml, read once, and JSON Schema 2020-12 validation of bodies against its schemas. */
final class Spec {
    static final Spec INSTANCE = new Spec(Path.of("openapi.yaml"));
    static final ObjectMapper JSON = JsonMapper.builder().build();

    final JsonNode root;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private Spec(Path file) {
        root = new YAMLMapper().readTree(file.toFile());
    }

    /** Method and path of every operation, e.g. {@code GET /api/v1/events}. */
    List<String> operations() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        return out;
    }

    /** Validation errors of a JSON body against {@code #/components/schemas/<name>} (empty when valid). */
    List<String> errors(String schemaName, String body) {
        Schema schema = schemas.computeIfAbsent(schemaName, n -> {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            wrapper.put("$ref", "#/components/schemas/" + n);
            wrapper.set("components", root.get("components"));
            return registry.getSchema(wrapper.toString(), InputFormat.JSON);
        });
        return schema.validate(JSON.readTree(body)).stream().map(Error::toString).toList();
    }
}
