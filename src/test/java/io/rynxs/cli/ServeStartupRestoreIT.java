package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rynxs serve} on an empty volume restores from the sink first; a sink that does not verify stops it with a sentence. */
class ServeStartupRestoreIT {
    @TempDir
    Path dir;

    @Test
    void a_start_up_restore_from_a_sink_missing_its_first_segment_fails_naming_the_code_seq_and_object_in_words() throws IOException {
        Path keys = dir.resolve("keys");
        assertOk(RynxsJar.run("keygen", "--name", "rynxs.example/startup", "--out", keys.toString()));
        Path db = dir.resolve("events.db");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            lines.add("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s" + (i % 3) + "\",\"payload\":{\"tool\":\"t" + i + "\"}}");
        }
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        assertOk(RynxsJar.run("append", "--db", db.toString(), "--from-ndjson", file.toString()));
        Path sink = dir.resolve("sink");
        assertOk(RynxsJar.run("segments", "seal", "--db", db.toString(), "--sink", sink.toUri().toString(), "--key",
                keys.resolve("signing.key").toString(), "--max-events", "10", "--force"));
        Files.delete(sink.resolve("manifests/00000000000000000001.json"));

        Map<String, String> env = Map.of("RYNXS_SIGNING_KEY_FILE", keys.resolve("signing.key").toString(),
                "RYNXS_SEGMENTS_SINK", sink.toUri().toString());

        assertThatThrownBy(() -> ServeProcess.start(dir.resolve("data"), env).close())
                .hasMessageContaining("restore at start from")
                .hasMessageContaining("SEQ_GAP in ")
                .hasMessageContaining("at seq 1: ")
                .hasMessageNotContaining("SegmentFailure[");
    }

    private static RynxsJar.Result assertOk(RynxsJar.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }
}
