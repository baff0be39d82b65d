package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.event.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rynxs restore} as a user runs it (the shaded jar, a local sink): its exit codes and what it leaves behind. */
class RestoreCliIT {
    @TempDir
    Path dir;

    @Test
    void a_signed_checkpoint_whose_state_line_the_events_do_not_give_exits_1_naming_it_and_leaves_no_database() throws IOException {
        Path keys = dir.resolve("keys");
        assertOk(run("keygen", "--name", "rynxs.example/restore", "--out", keys.toString()));
        Path db = dir.resolve("events.db");
        appendEvents(db, 25);
        Path sink = dir.resolve("sink");
        String vkey = keys.resolve("verifier.vkey").toString();
        assertOk(run("segments", "seal", "--db", db.toString(), "--sink", sink.toUri().toString(), "--key",
                keys.resolve("signing.key").toString(), "--max-events", "10", "--force", "--json"));
        Path note = sink.resolve("checkpoints/00000000000000000020.note");
        Ed25519Signer signer = KeyFiles.readSigner(keys.resolve("signing.key"));
        Checkpoint good = Checkpoint.open(Files.readAllBytes(note), signer.verifierKey());
        note.toFile().setWritable(true);
        Files.write(note, new Checkpoint(good.origin(), 20, good.root(), good.chainHash(), "0".repeat(64)).sign(signer));
        assertThat(json(assertOk(run("segments", "verify", "--from", sink.toString(), "--vkey", vkey, "--json"))))
                .as("the state line needs a replay: segments verify cannot see it").containsEntry("ok", true);

        Path restored = dir.resolve("restored.db");
        RynxsJar.Result r = run("restore", "--from", sink.toString(), "--db", restored.toString(), "--vkey", vkey, "--json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        Map<String, Object> out = json(r);
        assertThat(out).containsEntry("ok", false).containsEntry("code", "CHECKPOINT_INVALID")
                .containsEntry("segment", "checkpoints/00000000000000000020.note").containsEntry("seq", 20L);
        assertThat((String) out.get("reason")).startsWith("STATE_MISMATCH");
        assertThat(restored).doesNotExist();
        assertThat(Path.of(restored + "-wal")).doesNotExist();

        Path whole = dir.resolve("whole.db");
        RynxsJar.Result upTo = run("restore", "--from", sink.toString(), "--db", whole.toString(), "--vkey", vkey,
                "--to-seq", "10", "--json");
        assertThat(json(assertOk(upTo))).containsEntry("ok", true).containsEntry("headSeq", 10L);
        assertThat(whole).exists();
    }

    @Test
    void restoring_over_an_existing_file_is_a_usage_error_that_leaves_the_file_alone() throws IOException {
        Path existing = dir.resolve("existing.db");
        Files.writeString(existing, "not mine to delete");

        RynxsJar.Result r = run("restore", "--from", dir.resolve("nowhere").toString(), "--db", existing.toString(), "--vkey",
                "rynxs.example/x+00000000+AA==", "--json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(Files.readString(existing)).isEqualTo("not mine to delete");
    }

    @Test
    void a_restore_killed_while_loading_leaves_no_database_at_the_target_and_the_next_restore_completes() throws Exception {
        Path keys = dir.resolve("keys");
        assertOk(run("keygen", "--name", "rynxs.example/restore", "--out", keys.toString()));
        Path db = dir.resolve("events.db");
        appendEvents(db, 30_000);
        Path sink = dir.resolve("sink");
        String vkey = keys.resolve("verifier.vkey").toString();
        assertOk(run("segments", "seal", "--db", db.toString(), "--sink", sink.toUri().toString(), "--key",
                keys.resolve("signing.key").toString(), "--max-events", "1000", "--force", "--json"));
        Path restored = dir.resolve("restored.db");
        Path temp = dir.resolve("restored.db.restoring");

        Process p = new ProcessBuilder(RynxsJar.java(), "-jar", RynxsJar.jar().toString(), "restore", "--from", sink.toString(),
                "--db", restored.toString(), "--vkey", vkey, "--json")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(temp) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(p.isAlive()).as("the restore was still loading when killed").isTrue();
        p.destroyForcibly().waitFor();

        assertThat(restored).as("a killed restore leaves nothing at --db").doesNotExist();
        assertThat(temp).as("what the killed load left").exists();
        Map<String, Object> again = json(assertOk(run("restore", "--from", sink.toString(), "--db", restored.toString(), "--vkey", vkey, "--json")));
        assertThat(again).containsEntry("ok", true).containsEntry("headSeq", 30_000L);
        assertThat(temp).doesNotExist();
        assertThat(json(assertOk(run("verify", "--db", restored.toString(), "--json")))).containsEntry("ok", true).containsEntry("events", 30_000L);
    }

    private void appendEvents(Path db, int n) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s" + (i % 3) + "\",\"payload\":{\"tool\":\"t" + i + "\"}}");
        }
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        assertOk(run("append", "--db", db.toString(), "--from-ndjson", file.toString()));
    }

    private static RynxsJar.Result run(String... args) {
        return RynxsJar.run(Map.of(), List.of(args));
    }

    private static RynxsJar.Result assertOk(RynxsJar.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static Map<String, Object> json(RynxsJar.Result r) {
        return Json.parseObject(r.out().strip(), 10);
    }
}
