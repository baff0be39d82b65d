package io.rynxs.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The four golden rynxs-python logs in shared/fixtures (with the README's expected values) and the mixed
 * v1/v2 log in test resources, generated once with Python's json and hashlib.
 */
final class LegacyFixtures {
    static final Path DIR = Path.of("..", "shared", "fixtures", "rynxs-python");
    static final Path MIXED = Path.of("src", "test", "resources", "legacy", "mixed_v1_v2.jsonl");
    static final String MIXED_HEAD = "1d9df316a920182016ced723133d83703ba2fa90373b08f8f73f63f20e8a1fe3";

    /** One row of the README's table. */
    record Golden(String file, int records, long lastSeq, String head) {
        Path path() {
            return DIR.resolve(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static final List<Golden> GOLDEN = List.of(
            new Golden("v1/operator_log_small.jsonl", 12, 11, "ce53a39ddb47d0543510b55955e303c69489ca9f56e26671539b8a26d5fa276d"),
            new Golden("v1/operator_log_weird.jsonl", 19, 18, "9a056719668eb13311700b0538d2684c3bf96cfbf55f1b82d5222a8dc4f08390"),
            new Golden("v2/operator_log_small.jsonl", 12, 11, "7bfdfaffe5d9e29f638aa3dc22a947cbd514f65b0b46c79c313424e2b7ffdef4"),
            new Golden("v2/operator_log_weird.jsonl", 19, 18, "084771ec62050e4faef22950ebb9809889a377ac7d5b501aea3f059fc42db301"));

    private LegacyFixtures() {}

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** Lines as if read from one file called {@code name}, numbered from 1. */
    static List<LegacyLine> asLines(String name, List<String> texts) {
        List<LegacyLine> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(new LegacyLine(name, i + 1, null, texts.get(i)));
        }
        return out;
    }
}
