package io.rynxs.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rendered manifest against the Kubernetes schemas (npm kubernetes-models, pinned in
 * src/test/node/package.json and installed by .ci/run with {@code npm ci --prefix src/test/node}).
 */
class ManifestSchemaTest {
    static final Path NODE = Path.of("src/test/node");

    @BeforeAll
    static void validatorIsInstalled() {
        assertThat(NODE.resolve("node_modules/kubernetes-models")).as(
                "the manifest validator is not installed: run `npm ci --prefix src/test/node` (as .ci/run does)").exists();
    }

    static String validate(Path... files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", NODE.resolve("validate.mjs").toString()));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + "\n" + out;
    }

    @Test
    void every_manifest_rendered_from_defaults_and_each_example_is_valid_kubernetes(@TempDir Path tmp) throws Exception {
        List<Path> files = new ArrayList<>();
        Path defaults = tmp.resolve("default.yaml");
        Files.writeString(defaults, Chart.render(null).yaml());
        files.add(defaults);
        for (String f : ChartRenderTest.EXAMPLES) {
            Path out = tmp.resolve(f);
            Files.writeString(out, Chart.render(f).yaml());
            files.add(out);
        }
        Path extras = tmp.resolve("extras.yaml");
        Files.writeString(extras, Chart.render("s3-minio-values.yaml", Map.of("persistence.keepOnUninstall", true,
                "api.auth", "token", "api.tokenSecret", "rynxs-api-tokens", "persistence.storageClass", "-",
                "minio.persistence.enabled", false, "operator.watchNamespaces[0]", "team-a", "networkPolicy.enabled", true,
                "networkPolicy.apiFrom[0].ipBlock.cidr", "10.0.0.0/8", "networkPolicy.apiFrom[0].ipBlock.except[0]", "10.1.0.0/16")).yaml());
        files.add(extras);
        String result = validate(files.toArray(Path[]::new));
        assertThat(result).startsWith("0\n").doesNotContain("INVALID", "NO-SCHEMA").contains(" 0 failed");
    }

    @Test
    void the_validator_rejects_an_invalid_manifest(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Chart.render(null).yaml().replace("replicas: 1", "replicas: one"));
        assertThat(validate(bad)).startsWith("1\n").contains("INVALID").contains("spec/replicas");
    }
}
