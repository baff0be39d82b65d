package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Json;
import io.rynxs.shipping.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment commands as a user runs them: the shaded jar, real argv and env, a real S3 server. */
class SegmentsCliIT {
    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    static S3ProxyServer server;

    @BeforeAll
    static void startS3() {
        server = new S3ProxyServer(serverDir);
        server.start();
    }

    @AfterAll
    static void stopS3() {
        server.close();
    }

    @Test
    void seal_list_download_verify_and_restore_through_s3_then_a_tampered_copy_fails_verify_with_its_code() throws IOException {
        Path keys = dir.resolve("keys");
        assertOk(run("keygen", "--name", "rynxs.example/cli", "--out", keys.toString()));
        Path db = dir.resolve("events.db");
        appendEvents(db, 25);
        String sink = "s3://b" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "/audit/";
        String key = keys.resolve("signing.key").toString();
        String vkey = keys.resolve("verifier.vkey").toString();

        Map<String, Object> sealed = json(assertOk(run("segments", "seal", "--db", db.toString(), "--sink", sink, "--key", key,
                "--max-events", "10", "--json")));
        assertThat(sealed).containsEntry("shipped", List.of("1-10", "11-20")).containsEntry("unshipped", 5L);
        // The tail by the JDK's zlib, the first two by libdeflate (auto): one bucket, one format.
        assertThat(json(assertOk(run("segments", "seal", "--db", db.toString(), "--sink", sink, "--key", key, "--max-events", "10",
                "--force", "--gzip", "zlib", "--json")))).containsEntry("shipped", List.of("21-25")).containsEntry("shippedThrough", 25L);

        Map<String, Object> listed = json(assertOk(run("segments", "list", "--from", sink, "--json")));
        assertThat((List<?>) listed.get("segments")).hasSize(3);
        assertThat(listed).containsEntry("orphans", List.of());

        Map<String, Object> verified = json(assertOk(run("segments", "verify", "--from", sink, "--vkey", vkey, "--json")));
        assertThat(verified).containsEntry("ok", true).containsEntry("segments", 3L).containsEntry("events", 25L);

        Path copy = dir.resolve("copy");
        assertThat(json(assertOk(run("segments", "download", "--from", sink, "--to", copy.toString(), "--json"))))
                .containsEntry("copied", 9L);
        assertThat(json(assertOk(run("segments", "verify", "--from", copy.toString(), "--vkey", vkey, "--json"))))
                .containsEntry("head", verified.get("head"));

        Path restored = dir.resolve("restored.db");
        assertThat(json(assertOk(run("restore", "--from", sink, "--db", restored.toString(), "--vkey", vkey, "--to-seq", "15", "--json"))))
                .containsEntry("ok", true).containsEntry("events", 15L).containsEntry("headSeq", 15L);
        Map<String, Object> replayed = json(assertOk(run("replay", "--db", restored.toString(), "--at-seq", "15", "--json")));
        Map<String, Object> original = json(assertOk(run("replay", "--db", db.toString(), "--at-seq", "15", "--json")));
        assertThat(replayed.get("stateHash")).isEqualTo(original.get("stateHash"));

        Path manifest = copy.resolve("manifests/00000000000000000011.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"sealedAt\":\"2", "\"sealedAt\":\"1"));
        RynxsJar.Result bad = run("segments", "verify", "--from", copy.toString(), "--vkey", vkey, "--json");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
        assertThat(json(bad)).containsEntry("ok", false).containsEntry("code", "MANIFEST_CHAIN_BROKEN")
                .containsEntry("segment", "manifests/00000000000000000021.json").containsEntry("seq", 21L);
    }

    @Test
    void a_database_that_shipped_to_a_directory_and_is_pointed_at_a_bucket_back_fills_it_and_the_bucket_verifies() throws IOException {
        Path keys = dir.resolve("keys");
        assertOk(run("keygen", "--name", "rynxs.example/cli", "--out", keys.toString()));
        Path db = dir.resolve("events.db");
        appendEvents(db, 25);
        String key = keys.resolve("signing.key").toString();
        String vkey = keys.resolve("verifier.vkey").toString();
        String directory = dir.resolve("first-sink").toUri().toString();
        assertThat(json(assertOk(run("segments", "seal", "--db", db.toString(), "--sink", directory, "--key", key,
                "--max-events", "10", "--json")))).containsEntry("shipped", List.of("1-10", "11-20"));

        String bucket = "s3://b" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "/audit/";
        Map<String, Object> switched = json(assertOk(run("segments", "seal", "--db", db.toString(), "--sink", bucket, "--key", key,
                "--max-events", "10", "--force", "--json")));

        assertThat(switched).containsEntry("backfilled", List.of("1-10", "11-20")).containsEntry("shipped", List.of("21-25"))
                .containsEntry("shippedThrough", 25L).containsEntry("unshipped", 0L);
        assertThat(json(assertOk(run("segments", "verify", "--from", bucket, "--vkey", vkey, "--json"))))
                .containsEntry("ok", true).containsEntry("events", 25L);
        assertThat(json(assertOk(run("tiles", "verify", "--from", bucket, "--vkey", vkey, "--json")))).containsEntry("ok", true);
        assertThat(json(assertOk(run("segments", "verify", "--from", directory, "--vkey", vkey, "--json"))))
                .as("the directory keeps what it had").containsEntry("events", 20L);
    }

    @Test
    void sealing_to_a_bucket_that_does_not_exist_fails_naming_it_and_records_nothing() throws IOException {
        Path keys = dir.resolve("keys");
        assertOk(run("keygen", "--name", "rynxs.example/cli", "--out", keys.toString()));
        Path db = dir.resolve("events.db");
        appendEvents(db, 12);
        String key = keys.resolve("signing.key").toString();
        Map<String, String> env = new HashMap<>(server.env());
        env.remove("RYNXS_S3_CREATE_BUCKET");
        String missing = "s3://nobucket" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "/audit/";

        RynxsJar.Result r = RynxsJar.run(env, List.of("segments", "seal", "--db", db.toString(), "--sink", missing, "--key", key,
                "--max-events", "10", "--force", "--json"));

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("bucket does not exist").contains("RYNXS_S3_CREATE_BUCKET=true");
        assertThat(json(assertOk(run("segments", "seal", "--db", db.toString(), "--sink", dir.resolve("sink").toUri().toString(),
                "--key", key, "--max-events", "10", "--force", "--json"))))
                .as("nothing was sealed or marked shipped by the failed run").containsEntry("shipped", List.of("1-10", "11-12"))
                .containsEntry("backfilled", List.of());
    }

    @Test
    void a_missing_location_or_bad_uri_is_a_usage_error_with_one_line_on_stderr() {
        RynxsJar.Result r = run("segments", "verify", "--from", "ftp://x/", "--vkey", "rynxs.example/x+00000000+AA==", "--json");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        RynxsJar.Result gzip = run("segments", "seal", "--db", dir.resolve("none.db").toString(), "--sink", dir.toUri().toString(),
                "--key", "k", "--gzip", "zstd", "--json");
        assertThat(gzip.exit()).as(gzip.toString()).isEqualTo(2);
        assertThat(gzip.err()).contains("--gzip: segment gzip 'zstd' is not one of auto, libdeflate, zlib");
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
        return RynxsJar.run(server.env(), List.of(args));
    }

    private static RynxsJar.Result assertOk(RynxsJar.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static Map<String, Object> json(RynxsJar.Result r) {
        return Json.parseObject(r.out().strip(), 10);
    }
}
