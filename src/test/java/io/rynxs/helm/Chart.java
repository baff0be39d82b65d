package io.rynxs.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart under helm/rynxs rendered in-process by the Helm engine (helm-java), as release {@code rynxs} in namespace {@code rynxs}. */
final class Chart {
    static final Path DIR = Path.of("helm/rynxs");
    static final Path EXAMPLES = Path.of("examples/values");
    /** helm-java renders for Kubernetes 1.20 unless told; the chart needs 1.24+ (1.27+ for the volume retention policy). */
    static final String KUBE_VERSION = "1.30.0";
    private static final YAMLMapper YAML = new YAMLMapper();

    private Chart() {
    }

    static TemplateCommand template() {
        return new Helm(DIR).template().withName("rynxs").withNamespace("rynxs").withKubeVersion(KUBE_VERSION);
    }

    /** Renders with an example values file from examples/values and extra {@code --set}s. */
    static Rendered render(String exampleFile, Map<String, Object> sets) {
        TemplateCommand t = template();
        if (exampleFile != null) {
            t = t.withValuesFile(EXAMPLES.resolve(exampleFile));
        }
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            t = t.set(e.getKey(), e.getValue());
        }
        return Rendered.of(t.call());
    }

    static Rendered render(String exampleFile) {
        return render(exampleFile, Map.of());
    }

    /** One parsed document per rendered manifest. */
    record Rendered(String yaml, List<JsonNode> docs) {
        static Rendered of(String yaml) {
            List<JsonNode> docs = new ArrayList<>();
            for (String part : yaml.split("(?m)^---\\s*$")) {
                JsonNode n = YAML.readTree(part);
                if (n != null && n.isObject() && n.has("kind")) {
                    docs.add(n);
                }
            }
            return new Rendered(yaml, List.copyOf(docs));
        }

        List<JsonNode> ofKind(String kind) {
            return docs.stream().filter(d -> d.get("kind").asString().equals(kind)).toList();
        }

        JsonNode get(String kind, String name) {
            return docs.stream().filter(d -> d.get("kind").asString().equals(kind) && d.at("/metadata/name").asString().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
        }

        List<String> names() {
            return docs.stream().map(d -> d.get("kind").asString() + "/" + d.at("/metadata/name").asString()).toList();
        }

        JsonNode statefulSet() {
            return get("StatefulSet", "rynxs");
        }

        JsonNode container() {
            return statefulSet().at("/spec/template/spec/containers/0");
        }

        /** The operator container's env: name to value, or to {@code secret:NAME/KEY} / {@code field:PATH} for references. */
        Map<String, String> env() {
            Map<String, String> out = new LinkedHashMap<>();
            for (JsonNode e : container().get("env")) {
                String v;
                if (e.has("value")) {
                    v = e.get("value").asString();
                } else if (e.at("/valueFrom/secretKeyRef").isObject()) {
                    v = "secret:" + e.at("/valueFrom/secretKeyRef/name").asString() + "/" + e.at("/valueFrom/secretKeyRef/key").asString();
                } else {
                    v = "field:" + e.at("/valueFrom/fieldRef/fieldPath").asString();
                }
                out.put(e.get("name").asString(), v);
            }
            return out;
        }
    }
}
