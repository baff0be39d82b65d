package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code rynxs import-legacy --from s3://bucket/prefix/}: rynxs-python's one-object-per-event layout read
 * from a real S3 server (s3proxy) with the same environment as the segment commands; the golden logs'
 * heads match the fixtures' README, and a tampered object is refused naming it.
 */
class ImportLegacyS3IT {
    private static final Path FIXTURES = Path.of("..", "shared", "fixtures", "rynxs-python");

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    static S3ProxyServer server;
    static S3Client s3;

    @BeforeAll
    static void startS3() {
        server = new S3ProxyServer(serverDir);
        server.start();
        s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(server.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY,
                        S3ProxyServer.SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
            "v1/operator_log_small.jsonl, 12, ce53a39ddb47d0543510b55955e303c69489ca9f56e26671539b8a26d5fa276d",
            "v1/operator_log_weird.jsonl, 19, 9a056719668eb13311700b0538d2684c3bf96cfbf55f1b82d5222a8dc4f08390",
            "v2/operator_log_small.jsonl, 12, 7bfdfaffe5d9e29f638aa3dc22a947cbd514f65b0b46c79c313424e2b7ffdef4",
            "v2/operator_log_weird.jsonl, 19, 084771ec62050e4faef22950ebb9809889a377ac7d5b501aea3f059fc42db301"})
    void a_golden_log_stored_one_object_per_event_imports_from_s3_with_its_head(String file, long records, String head) throws IOException {
        String bucket = upload(Files.readAllLines(FIXTURES.resolve(file), StandardCharsets.UTF_8), "legacy/events/");
        Path db = dir.resolve("events.db");

        RynxsJar.Result r = run("import-legacy", "--from", "s3://" + bucket + "/legacy/events/", "--db", db.toString(), "--json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(json(r)).containsEntry("records", records).containsEntry("legacyHead", head);
        assertThat(run("verify", "--db", db.toString()).exit()).isZero();
    }

    @Test
    void a_tampered_object_is_refused_naming_it_and_nothing_is_written() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(FIXTURES.resolve("v2/operator_log_weird.jsonl"), StandardCharsets.UTF_8));
        assertThat(lines.get(9)).contains("\"result_code\":\"OK\"");
        lines.set(9, lines.get(9).replace("\"result_code\":\"OK\"", "\"result_code\":\"ok\""));
        String bucket = upload(lines, "events/");
        Path db = dir.resolve("events.db");

        RynxsJar.Result r = run("import-legacy", "--from", "s3://" + bucket + "/events/", "--db", db.toString(), "--json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(json(r)).containsEntry("ok", false).containsEntry("file", "events/0000000009.json").containsEntry("legacySeq", 9L);
        assertThat(db).doesNotExist();
    }

    @Test
    void an_empty_prefix_is_a_usage_error_saying_what_was_expected() {
        String bucket = upload(List.of(), "nothing/");

        RynxsJar.Result r = run("import-legacy", "--from", "s3://" + bucket + "/nothing/", "--db", dir.resolve("e.db").toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("no <seq>.json objects under s3://" + bucket + "/nothing/");
    }

    /** One object per record at {@code <prefix><seq, 10 digits>.json}, as rynxs-python wrote them, plus an unrelated key. */
    private static String upload(List<String> records, String prefix) {
        String bucket = "legacy" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        s3.createBucket(b -> b.bucket(bucket));
        for (int i = 0; i < records.size(); i++) {
            String key = prefix + String.format("%010d.json", i);
            s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(records.get(i), StandardCharsets.UTF_8));
        }
        s3.putObject(p -> p.bucket(bucket).key(prefix + "README.txt"), RequestBody.fromString("not a record"));
        return bucket;
    }

    private static RynxsJar.Result run(String... args) {
        return RynxsJar.run(server.env(), List.of(args));
    }

    private static Map<String, Object> json(RynxsJar.Result r) {
        return Json.parseObject(r.out().strip(), 10);
    }
}
