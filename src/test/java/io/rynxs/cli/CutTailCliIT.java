package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.event.Json;
import io.rynxs.shipping.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket whose tail was cut, as someone with delete rights leaves it (issue 21, found with s3proxy and the aws CLI):
 * the shaded jar against a real S3 server, the objects removed with the S3 API. The log has 25 events sealed as
 * 1-10, 11-20, 21-25; the auditor holds a note at 15 from before and one at 30 from after the sealing (a longer log).
 */
class CutTailCliIT {
    private static final String PREFIX = "audit/";
    private static final String LAST_MANIFEST = PREFIX + "manifests/00000000000000000021.json";
    private static final String LAST_SEGMENT = PREFIX + "segments/00000000000000000021-00000000000000000025.ndjson.gz";
    private static final String LAST_CHECKPOINT = PREFIX + "checkpoints/00000000000000000025.note";
    private static final String LOG_CHECKPOINT = PREFIX + "checkpoint";

    @TempDir
    static Path serverDir;

    @TempDir
    static Path logDir;

    @TempDir
    Path dir;

    static S3ProxyServer server;
    static S3Client s3;
    static String pristine;
    static Path db;
    static String vkey;
    static Path note15;
    static Path note30;
    static Ed25519Signer signer;

    /** A copy of the sealed bucket, for this test to cut. */
    String bucket;
    String sink;

    @BeforeAll
    static void sealALog() throws IOException {
        server = new S3ProxyServer(serverDir);
        server.start();
        s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(server.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY,
                        S3ProxyServer.SECRET_KEY)))
                .build();
        Path keys = logDir.resolve("keys");
        assertOk(run("keygen", "--name", "rynxs.example/cut", "--out", keys.toString()));
        vkey = keys.resolve("verifier.vkey").toString();
        String key = keys.resolve("signing.key").toString();
        signer = KeyFiles.readSigner(keys.resolve("signing.key"));
        db = logDir.resolve("events.db");
        append(1, 15);
        note15 = Files.writeString(logDir.resolve("at-15.note"), assertOk(run("checkpoint", "create", "--db", db.toString(), "--key", key)).out());
        append(16, 25);
        pristine = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String pristineSink = "s3://" + pristine + "/" + PREFIX;
        assertOk(run("segments", "seal", "--db", db.toString(), "--sink", pristineSink, "--key", key, "--max-events", "10", "--json"));
        assertOk(run("segments", "seal", "--db", db.toString(), "--sink", pristineSink, "--key", key, "--max-events", "10", "--force", "--json"));
        append(26, 30);
        note30 = Files.writeString(logDir.resolve("at-30.note"), assertOk(run("checkpoint", "create", "--db", db.toString(), "--key", key)).out());
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
        server.close();
    }

    @BeforeEach
    void copyTheSealedBucket() {
        bucket = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        s3.createBucket(r -> r.bucket(bucket));
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(pristine)).contents()) {
            s3.putObject(r -> r.bucket(bucket).key(o.key()), RequestBody.fromBytes(s3.getObjectAsBytes(r -> r.bucket(pristine).key(o.key())).asByteArray()));
        }
        sink = "s3://" + bucket + "/" + PREFIX;
    }

    @Test
    void the_sealed_sink_verifies_and_restores_whole_with_its_own_checkpoints_as_anchors() {
        Map<String, Object> verified = json(assertOk(run("segments", "verify", "--from", sink, "--vkey", vkey, "--json")));

        assertThat(verified).containsEntry("ok", true).containsEntry("headSeq", 25L).containsEntry("ignoredCheckpoints", List.of());
        assertThat(list(verified, "checkpoints")).contains(Map.of("checkpoint", LAST_CHECKPOINT, "size", 25L),
                Map.of("checkpoint", LOG_CHECKPOINT, "size", 25L));
        assertThat(json(assertOk(run("restore", "--from", sink, "--db", dir.resolve("r.db").toString(), "--vkey", vkey, "--json"))))
                .containsEntry("ok", true).containsEntry("events", 25L).containsEntry("headSeq", 25L);
    }

    @ParameterizedTest(name = "segment deleted too: {0}")
    @ValueSource(booleans = {false, true})
    void a_deleted_last_manifest_fails_verify_and_restore_naming_the_signed_checkpoints_beyond_the_head(boolean segmentToo) {
        s3.deleteObject(r -> r.bucket(bucket).key(LAST_MANIFEST));
        if (segmentToo) {
            s3.deleteObject(r -> r.bucket(bucket).key(LAST_SEGMENT));
        }

        RynxsJar.Result verify = run("segments", "verify", "--from", sink, "--vkey", vkey, "--json");
        assertThat(verify.exit()).as(verify.toString()).isEqualTo(1);
        Map<String, Object> out = json(verify);
        assertThat(out).containsEntry("ok", false).containsEntry("code", "TRUNCATED").containsEntry("segment", LAST_MANIFEST)
                .containsEntry("seq", 21L).containsEntry("headSeq", 20L);
        assertThat(list(out, "beyondHead")).containsExactlyInAnyOrder(Map.of("checkpoint", LAST_CHECKPOINT, "size", 25L),
                Map.of("checkpoint", LOG_CHECKPOINT, "size", 25L));
        assertThat((String) out.get("reason")).contains("end at seq 20", LAST_CHECKPOINT + " (size 25)", LOG_CHECKPOINT + " (size 25)");

        RynxsJar.Result text = run("segments", "verify", "--from", sink, "--vkey", vkey);
        assertThat(text.exit()).as(text.toString()).isEqualTo(1);
        assertThat(text.out()).startsWith("FAILED TRUNCATED in " + LAST_MANIFEST + " at seq 21").contains(LAST_CHECKPOINT + " (size 25)");

        Path restored = dir.resolve("restored.db");
        RynxsJar.Result restore = run("restore", "--from", sink, "--db", restored.toString(), "--vkey", vkey, "--json");
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(1);
        assertThat(json(restore)).containsEntry("code", "TRUNCATED").containsEntry("headSeq", 20L);
        assertThat(restored).as("a restore that could not reach the signed size leaves nothing").doesNotExist();

        Map<String, Object> below = json(assertOk(run("restore", "--from", sink, "--db", dir.resolve("at-15.db").toString(), "--vkey", vkey,
                "--to-seq", "15", "--json")));
        assertThat(below).as("asking for less than what is there: what the sink held beyond is not asked for")
                .containsEntry("ok", true).containsEntry("events", 15L).containsEntry("headSeq", 15L);
    }

    @Test
    void expect_size_is_a_lower_bound_on_the_verified_head() {
        assertOk(run("segments", "verify", "--from", sink, "--vkey", vkey, "--expect-size", "25", "--json"));
        assertOk(run("segments", "verify", "--from", sink, "--vkey", vkey, "--expect-size", "20", "--json"));

        RynxsJar.Result more = run("segments", "verify", "--from", sink, "--vkey", vkey, "--expect-size", "26", "--json");

        assertThat(more.exit()).as(more.toString()).isEqualTo(1);
        Map<String, Object> out = json(more);
        assertThat(out).containsEntry("code", "TRUNCATED").containsEntry("headSeq", 25L).containsEntry("beyondHead", List.of());
        assertThat((String) out.get("reason")).contains("end at seq 25", "at least 26 events were expected");
        RynxsJar.Result restore = run("restore", "--from", sink, "--db", dir.resolve("r.db").toString(), "--vkey", vkey,
                "--expect-size", "26", "--json");
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(1);
        assertThat(json(restore)).containsEntry("code", "TRUNCATED");
        RynxsJar.Result negative = run("segments", "verify", "--from", sink, "--vkey", vkey, "--expect-size", "-1");
        assertThat(negative.exit()).as(negative.toString()).isEqualTo(2);
    }

    @Test
    void a_held_checkpoint_inside_a_segment_passes_when_the_segments_give_its_root() {
        Map<String, Object> out = json(assertOk(run("segments", "verify", "--from", sink, "--vkey", vkey, "--checkpoint",
                note15.toString(), "--json")));

        assertThat(list(out, "checkpoints")).contains(Map.of("checkpoint", note15.toString(), "size", 15L));
        Map<String, Object> restored = json(assertOk(run("restore", "--from", sink, "--db", dir.resolve("r.db").toString(), "--vkey",
                vkey, "--checkpoint", note15.toString(), "--to-seq", "5", "--json")));
        assertThat(restored).containsEntry("events", 5L);
        assertThat(restored.get("verified")).as("verified as far as the note, restored as far as asked")
                .asInstanceOf(MAP).containsEntry("headSeq", 20L);
    }

    @Test
    void a_held_checkpoint_of_a_longer_log_is_a_size_the_segments_do_not_reach() {
        RynxsJar.Result r = run("segments", "verify", "--from", sink, "--vkey", vkey, "--checkpoint", note30.toString(), "--json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        Map<String, Object> out = json(r);
        assertThat(out).containsEntry("code", "TRUNCATED").containsEntry("headSeq", 25L)
                .containsEntry("beyondHead", List.of(Map.of("checkpoint", note30.toString(), "size", 30L)));
        RynxsJar.Result restore = run("restore", "--from", sink, "--db", dir.resolve("r.db").toString(), "--vkey", vkey,
                "--checkpoint", note30.toString(), "--to-seq", "10", "--json");
        assertThat(restore.exit()).as("a held note is asked for even with --to-seq: " + restore).isEqualTo(1);
        assertThat(json(restore)).containsEntry("code", "TRUNCATED");
    }

    @Test
    void a_held_checkpoint_with_another_root_at_its_size_is_a_root_mismatch_naming_the_file() throws IOException {
        Checkpoint good = Checkpoint.open(Files.readAllBytes(note15), signer.verifierKey());
        byte[] otherRoot = good.root();
        otherRoot[0] ^= 1;
        Path forged = Files.write(dir.resolve("forged.note"),
                new Checkpoint(good.origin(), 15, otherRoot, good.chainHash(), good.stateHash()).sign(signer));

        RynxsJar.Result r = run("segments", "verify", "--from", sink, "--vkey", vkey, "--checkpoint", forged.toString(), "--json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(json(r)).containsEntry("code", "ROOT_MISMATCH").containsEntry("segment", forged.toString()).containsEntry("seq", 15L);
        RynxsJar.Result restore = run("restore", "--from", sink, "--db", dir.resolve("r.db").toString(), "--vkey", vkey,
                "--checkpoint", forged.toString(), "--json");
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(1);
        assertThat(json(restore)).containsEntry("code", "ROOT_MISMATCH");
    }

    @Test
    void a_held_note_not_signed_by_the_key_fails_as_invalid_naming_the_file() throws IOException {
        Checkpoint good = Checkpoint.open(Files.readAllBytes(note15), signer.verifierKey());
        byte[] seed = new byte[32];
        seed[0] = 7;
        Path other = Files.write(dir.resolve("other.note"), good.sign(Ed25519Signer.fromSeed(good.origin(), seed)));

        RynxsJar.Result r = run("segments", "verify", "--from", sink, "--vkey", vkey, "--checkpoint", other.toString(), "--json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(json(r)).containsEntry("code", "CHECKPOINT_INVALID").containsEntry("segment", other.toString());
        RynxsJar.Result missing = run("segments", "verify", "--from", sink, "--vkey", vkey, "--checkpoint", dir.resolve("none").toString());
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
    }

    @Test
    void checkpoint_objects_beyond_the_head_whose_signature_does_not_verify_are_ignored_and_reported() throws IOException {
        Checkpoint at30 = Checkpoint.open(Files.readAllBytes(note30), signer.verifierKey());
        byte[] seed = new byte[32];
        seed[0] = 9;
        String otherKey = PREFIX + "checkpoints/00000000000000000030.note";
        s3.putObject(r -> r.bucket(bucket).key(otherKey), RequestBody.fromBytes(at30.sign(Ed25519Signer.fromSeed(at30.origin(), seed))));
        String altered = PREFIX + "checkpoints/00000000000000000031.note";
        String alteredNote = Files.readString(note30).replaceFirst("\n30\n", "\n31\n");
        s3.putObject(r -> r.bucket(bucket).key(altered), RequestBody.fromString(alteredNote));

        Map<String, Object> out = json(assertOk(run("segments", "verify", "--from", sink, "--vkey", vkey, "--json")));

        assertThat(out).containsEntry("ok", true).containsEntry("headSeq", 25L);
        List<Object> ignored = list(out, "ignoredCheckpoints");
        assertThat(ignored.stream().map(i -> (String) ((Map<?, ?>) i).get("checkpoint")).toList()).containsExactly(otherKey, altered);
        assertThat(ignored.stream().map(i -> (String) ((Map<?, ?>) i).get("reason")).toList())
                .anySatisfy(reason -> assertThat(reason).startsWith("UNKNOWN_KEY"))
                .anySatisfy(reason -> assertThat(reason).startsWith("BAD_SIGNATURE"));
        assertThat(assertOk(run("segments", "verify", "--from", sink, "--vkey", vkey)).out())
                .contains("ignored 2 checkpoint object(s) that do not verify with the key", otherKey);
        assertThat(json(assertOk(run("restore", "--from", sink, "--db", dir.resolve("r.db").toString(), "--vkey", vkey, "--json"))))
                .containsEntry("headSeq", 25L).extractingByKey("ignoredCheckpoints").asInstanceOf(LIST).hasSize(2);
    }

    @Test
    void restore_to_a_seq_reports_what_it_restored_and_apart_what_it_verified() throws IOException {
        Path restored = dir.resolve("at-15.db");

        Map<String, Object> out = json(assertOk(run("restore", "--from", sink, "--db", restored.toString(), "--vkey", vkey,
                "--to-seq", "15", "--json")));

        Checkpoint at15 = Checkpoint.open(Files.readAllBytes(note15), signer.verifierKey());
        Map<String, Object> replayed = json(assertOk(run("replay", "--db", db.toString(), "--at-seq", "15", "--json")));
        assertThat(out).containsEntry("ok", true).containsEntry("events", 15L).containsEntry("headSeq", 15L)
                .containsEntry("head", at15.chainHash()).containsEntry("stateHash", replayed.get("stateHash"))
                .containsEntry("segments", 1L);
        assertThat(out.get("verified")).asInstanceOf(MAP)
                .containsEntry("headSeq", 20L).containsEntry("events", 20L).containsEntry("segments", 2L);
        assertThat(json(assertOk(run("verify", "--db", restored.toString(), "--json")))).containsEntry("events", 15L);
    }

    private static void append(int from, int to) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            lines.add("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s" + (i % 3) + "\",\"payload\":{\"tool\":\"t" + i + "\"}}");
        }
        Path file = logDir.resolve("events-" + from + ".ndjson");
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

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> json, String key) {
        return (List<Object>) json.get(key);
    }

    private static Map<String, Object> json(RynxsJar.Result r) {
        return Json.parseObject(r.out().strip(), 10);
    }
}
