package io.rynxs.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart's PrometheusRule, as rendered, through promtool (Debian `prometheus`, installed by .ci/run):
 * the rules load, every alert has a test case in src/test/resources/promtool and a runbook in docs/operations.md.
 */
class PromtoolTest {
    static final Path TESTS = Path.of("src/test/resources/promtool/rynxs-alerts.test.yaml");
    static JsonNode rules;

    @BeforeAll
    static void render() {
        rules = PrometheusRules.spec();
    }

    static String promtool(Path dir, String... args) throws Exception {
        return PrometheusRules.promtool(dir, args);
    }

    static List<String> alerts() {
        return rules.get("groups").valueStream().flatMap(g -> g.get("rules").valueStream()).map(r -> r.get("alert").asString()).toList();
    }

    @Test
    void the_rendered_rules_pass_promtool_check_rules(@TempDir Path tmp) throws Exception {
        new YAMLMapper().writeValue(tmp.resolve("rules.yaml").toFile(), rules);
        assertThat(promtool(tmp, "check", "rules", "rules.yaml")).startsWith("0\n").contains("SUCCESS: 16 rules found");
    }

    @Test
    void every_alert_passes_its_promtool_test_cases(@TempDir Path tmp) throws Exception {
        new YAMLMapper().writeValue(tmp.resolve("rules.yaml").toFile(), rules);
        Files.copy(TESTS, tmp.resolve("alerts.test.yaml"));
        assertThat(promtool(tmp, "test", "rules", "alerts.test.yaml")).startsWith("0\n").contains("SUCCESS");
    }

    @Test
    void every_alert_has_a_test_case_that_fires_it_and_a_runbook_section() throws Exception {
        String tests = Files.readString(TESTS);
        String runbooks = Files.readString(Path.of("docs/operations.md"));
        assertThat(alerts()).hasSize(16);
        for (String alert : alerts()) {
            assertThat(tests).as("a test case for %s", alert).containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels");
            assertThat(runbooks).as("a runbook section for %s", alert).contains("### " + alert + "\n");
        }
    }

    @Test
    void a_rule_file_that_breaks_a_test_case_fails_promtool(@TempDir Path tmp) throws Exception {
        String broken = new YAMLMapper().writeValueAsString(rules).replace("> 3", "> 300");
        Files.writeString(tmp.resolve("rules.yaml"), broken);
        Files.copy(TESTS, tmp.resolve("alerts.test.yaml"));
        assertThat(promtool(tmp, "test", "rules", "alerts.test.yaml")).startsWith("1\n").contains("RynxsLeaderFlapping");
    }
}
