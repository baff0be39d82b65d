package io.rynxs.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart's PrometheusRule as rendered (with the ServiceMonitor example's values), and promtool to run it: for tests outside this package. */
public final class PrometheusRules {
    private PrometheusRules() {}

    /** The rendered PrometheusRule's {@code spec} (its rule groups). */
    public static JsonNode spec() {
        return Chart.render("observability-servicemonitor-values.yaml").get("PrometheusRule", "rynxs").get("spec");
    }

    /** Writes {@link #spec} to {@code dir/rules.yaml}, the file promtool test cases name. */
    public static void write(Path dir) {
        new YAMLMapper().writeValue(dir.resolve("rules.yaml").toFile(), spec());
    }

    /** Runs promtool in {@code dir}; returns its exit code, a newline and its output. */
    public static String promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("promtool finishes").isTrue();
        return p.exitValue() + "\n" + out;
    }
}
