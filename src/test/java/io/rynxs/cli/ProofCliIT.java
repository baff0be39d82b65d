package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rynxs proof export} and {@code rynxs proof verify} as an auditor runs them: the real jar, a real log, files only. */
class ProofCliIT {
    @TempDir
    Path dir;

    @Test
    void an_exported_proof_file_verifies_with_the_key_alone_and_an_edited_one_fails_naming_what() throws Exception {
        Path db = dir.resolve("events.db");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s\",\"payload\":{\"i\":" + i + "}}");
        }
        Path ndjson = dir.resolve("in.ndjson");
        Files.writeString(ndjson, String.join("\n", lines) + "\n");
        assertThat(RynxsJar.run("append", "--db", db.toString(), "--from-ndjson", ndjson.toString()).exit()).isZero();
        RynxsJar.Result keygen = RynxsJar.run("keygen", "--name", "rynxs.test/proofs", "--out", dir.resolve("keys").toString());
        assertThat(keygen.exit()).as(keygen.toString()).isZero();
        Path vkey = dir.resolve("keys/verifier.vkey");

        RynxsJar.Result early = RynxsJar.run("proof", "export", "--db", db.toString(), "--seq", "5");
        assertThat(early.exit()).as(early.toString()).isEqualTo(2);
        assertThat(early.err()).contains("no signed checkpoint covers seq 5");

        RynxsJar.Result cp = RynxsJar.run("checkpoint", "create", "--db", db.toString(), "--key", dir.resolve("keys/signing.key").toString());
        assertThat(cp.exit()).as(cp.toString()).isZero();
        Path file = dir.resolve("seq-5.tlog-proof");
        RynxsJar.Result export = RynxsJar.run("proof", "export", "--db", db.toString(), "--seq", "5", "--to", file.toString());
        assertThat(export.exit()).as(export.toString()).isZero();
        assertThat(export.out()).contains("seq 5 in the checkpoint of tree size 12");
        RynxsJar.Result stdout = RynxsJar.run("proof", "export", "--db", db.toString(), "--seq", "5");
        assertThat(stdout.stdout()).isEqualTo(Files.readAllBytes(file));

        RynxsJar.Result ok = RynxsJar.run("proof", "verify", file.toString(), "--vkey", vkey.toString(), "--json");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("\"ok\":true").contains("\"seq\":5").contains("\"treeSize\":12");

        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path edited = dir.resolve("edited.tlog-proof");
        Files.writeString(edited, text.replace("index 4\n", "index 5\n"));
        RynxsJar.Result bad = RynxsJar.run("proof", "verify", edited.toString(), "--vkey", vkey.toString());
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.out()).startsWith("FAILED EVENT_INVALID").contains("index 5");

        Path policy = dir.resolve("audit.policy");
        Files.writeString(policy, "log " + Files.readString(vkey).strip() + "\nquorum w1\n");
        RynxsJar.Result badPolicy = RynxsJar.run("proof", "verify", file.toString(), "--policy", policy.toString());
        assertThat(badPolicy.exit()).as(badPolicy.toString()).isEqualTo(2);
        assertThat(badPolicy.err()).contains("audit.policy").contains("quorum w1 is not none or a witness or group");
        Files.writeString(policy, "log " + Files.readString(vkey).strip() + "\nquorum none\n");
        assertThat(RynxsJar.run("proof", "verify", file.toString(), "--policy", policy.toString()).exit()).isZero();
    }
}
