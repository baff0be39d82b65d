package io.rynxs.witness;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.checkpoint.CosignerKey;
import io.rynxs.checkpoint.SignedNote;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The test witness against the specs' own examples and vectors, so the witness client is tested against something known good. */
class TestWitnessTest {
    private static final Path FIXTURES = Path.of("..", "shared", "fixtures");
    private static final String SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    @Test
    void the_cosigned_message_is_byte_for_byte_the_example_of_tlog_cosignature() {
        // C2SP tlog-cosignature.md, "Ed25519 signed message": "two newline (U+000A) terminated lines (one header line and one
        // timestamp line) followed by the whole note body of the cosigned checkpoint (including the final newline, but not
        // including any signature lines)", with the example
        //     cosignature/v1
        //     time 1679315147
        //     example.com/behind-the-sofa
        //     20852163
        //     CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
        String example = "cosignature/v1\ntime 1679315147\n" + SPEC_BODY;
        assertThat(new String(TestWitness.cosignedMessage(1679315147L, SPEC_BODY), StandardCharsets.UTF_8)).isEqualTo(example);
        assertThat(TestWitness.cosignedMessage(1679315147L, SPEC_BODY)).isEqualTo(example.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void the_example_cosignature_line_of_the_spec_is_keyid_then_that_big_endian_timestamp_then_64_signature_bytes() {
        // The cosigned checkpoint at the top of tlog-cosignature.md; its timestamped_signature carries the time of the example message.
        String spec = "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==";
        byte[] raw = Base64.getDecoder().decode(spec);
        assertThat(raw).hasSize(4 + 8 + 64);
        assertThat(ByteBuffer.wrap(raw, 4, 8).getLong()).isEqualTo(1679315147L);

        try (TestWitness w = TestWitness.start("witness.example/w1")) {
            byte[] ours = Base64.getDecoder().decode(w.cosignatureLine(1679315147L, SPEC_BODY).split(" ")[2].strip());
            assertThat(ours).hasSize(raw.length);
            assertThat(Arrays.copyOfRange(ours, 4, 12)).isEqualTo(Arrays.copyOfRange(raw, 4, 12));
        }
    }

    @Test
    void key_ids_follow_signed_note_as_the_go_reference_vector_shows() throws IOException {
        // shared/fixtures/signed-note-vector.json (golang.org/x/mod/sumdb/note): SHA-256(name || 0x0A || 0x01 || key)[:4];
        // tlog-cosignature uses the same derivation with type 0x04, so only the type byte differs.
        String json = Files.readString(FIXTURES.resolve("signed-note-vector.json"));
        Matcher m = Pattern.compile("\"verifierKey\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).isTrue();
        String[] vkey = m.group(1).split("\\+", 3);
        byte[] data = Base64.getDecoder().decode(vkey[2]);
        assertThat(data[0]).isEqualTo(TestWitness.TYPE_ED25519);
        byte[] pub = Arrays.copyOfRange(data, 1, data.length);
        assertThat(HexFormat.of().formatHex(TestWitness.keyId(vkey[0], TestWitness.TYPE_ED25519, pub))).isEqualTo(vkey[1]);
        assertThat(TestWitness.vkey(vkey[0], TestWitness.TYPE_ED25519, pub)).isEqualTo(m.group(1));
        assertThat(TestWitness.keyId(vkey[0], TestWitness.TYPE_COSIGNATURE_V1, pub)).isNotEqualTo(HexFormat.of().parseHex(vkey[1]));
    }

    @Test
    void the_vkey_is_a_cosignature_v1_key_the_product_parses_and_a_line_verifies_with_the_jdk_and_the_product() {
        try (TestWitness w = TestWitness.start("witness.example/w1")) {
            String[] parts = w.vkey().split("\\+", 3);
            assertThat(parts[0]).isEqualTo("witness.example/w1");
            byte[] data = Base64.getDecoder().decode(parts[2]);
            assertThat(data).hasSize(33);
            assertThat(data[0]).isEqualTo((byte) 0x04);
            byte[] pub = Arrays.copyOfRange(data, 1, 33);
            // The product's CosignerKey recomputes the key ID itself and refuses a mismatch.
            CosignerKey key = CosignerKey.parse(w.vkey());

            long time = 1_700_000_000L;
            String line = w.cosignatureLine(time, SPEC_BODY);
            assertThat(line).startsWith("\u2014 witness.example/w1 ").endsWith("\n");
            byte[] sig = Base64.getDecoder().decode(line.split(" ")[2].strip());
            assertThat(Arrays.copyOf(sig, 4)).isEqualTo(HexFormat.of().parseHex(parts[1]));
            assertThat(ByteBuffer.wrap(sig, 4, 8).getLong()).isEqualTo(time);
            byte[] ed25519 = Arrays.copyOfRange(sig, 12, sig.length);
            assertThat(TestWitness.verify(TestWitness.publicKey(pub), TestWitness.cosignedMessage(time, SPEC_BODY), ed25519)).isTrue();
            assertThat(TestWitness.verify(TestWitness.publicKey(pub), TestWitness.cosignedMessage(time + 1, SPEC_BODY), ed25519)).isFalse();

            byte[] note = (SPEC_BODY + "\n" + line).getBytes(StandardCharsets.UTF_8);
            assertThat(SignedNote.signers(note, List.of(key))).containsExactly(key);
        }
    }

    @Test
    void the_consistency_check_accepts_every_rfc6962_vector_and_refuses_a_tampered_one() throws IOException {
        String json = Files.readString(FIXTURES.resolve("rfc6962-vectors.json"));
        List<byte[]> roots = hexes(json.substring(json.indexOf("\"roots\""), json.indexOf(']', json.indexOf("\"roots\""))));
        Matcher m = Pattern.compile("\\{\\s*\"first\"\\s*:\\s*(\\d+)\\s*,\\s*\"second\"\\s*:\\s*(\\d+)\\s*,\\s*\"proof\"\\s*:\\s*\\[([^\\]]*)\\]\\s*\\}")
                .matcher(json);
        int checked = 0;
        while (m.find()) {
            int first = Integer.parseInt(m.group(1));
            int second = Integer.parseInt(m.group(2));
            if (first == second) {
                continue;
            }
            List<byte[]> proof = hexes(m.group(3));
            assertThat(TestWitness.Consistency.verify(first, second, roots.get(first), roots.get(second), proof))
                    .as("proof %d -> %d", first, second).isTrue();
            assertThat(TestWitness.Consistency.verify(first, second, roots.get(second), roots.get(second), proof))
                    .as("proof %d -> %d against a wrong old root", first, second).isFalse();
            List<byte[]> tampered = new ArrayList<>(proof);
            byte[] h = tampered.get(0).clone();
            h[0] ^= 1;
            tampered.set(0, h);
            assertThat(TestWitness.Consistency.verify(first, second, roots.get(first), roots.get(second), tampered))
                    .as("tampered proof %d -> %d", first, second).isFalse();
            checked++;
        }
        assertThat(checked).isEqualTo(28); // pairs 1 <= m < n <= 8
    }

    @Test
    void add_checkpoint_over_http_cosigns_once_then_answers_409_404_and_403_as_the_spec_says() throws Exception {
        KeyPair log = TestWitness.generate();
        String origin = "log.example/test";
        String logVkey = TestWitness.vkey(origin, TestWitness.TYPE_ED25519, TestWitness.raw(log.getPublic()));
        String body = origin + "\n5\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";
        String note = body + "\n" + noteLine(origin, logVkey, TestWitness.sign(log.getPrivate(), body.getBytes(StandardCharsets.UTF_8)));
        HttpClient http = HttpClient.newHttpClient();
        try (TestWitness w = TestWitness.start("witness.example/w1")) {
            assertThat(post(http, w.url(), "old 0\n\n" + note).statusCode()).as("origin not trusted yet").isEqualTo(404);
            w.trustLog(logVkey);
            String forged = body + "\n" + noteLine(origin, logVkey, TestWitness.sign(TestWitness.generate().getPrivate(),
                    body.getBytes(StandardCharsets.UTF_8)));
            assertThat(post(http, w.url(), "old 0\n\n" + forged).statusCode()).isEqualTo(403);
            assertThat(post(http, w.url(), "old 9\n\n" + note).statusCode()).as("old beyond the checkpoint").isEqualTo(400);
            assertThat(post(http, w.url(), "old 0\n" + note).statusCode()).as("no empty line").isEqualTo(400);

            HttpResponse<String> ok = post(http, w.url(), "old 0\n\n" + note);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(w.latestSize(origin)).isEqualTo(5);
            CosignerKey key = CosignerKey.parse(w.vkey());
            assertThat(SignedNote.signers((note + ok.body()).getBytes(StandardCharsets.UTF_8), List.of(key))).containsExactly(key);

            HttpResponse<String> conflict = post(http, w.url(), "old 0\n\n" + note);
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(conflict.headers().firstValue("Content-Type")).hasValue("text/x.tlog.size");
            assertThat(conflict.body()).isEqualTo("5\n");
            assertThat(post(http, w.url(), "old 5\n\n" + note).statusCode()).as("same size, same root").isEqualTo(200);
            assertThat(w.statuses()).containsExactly(404, 403, 400, 400, 200, 409, 200);
        }
    }

    private static String noteLine(String name, String vkey, byte[] signature) {
        byte[] id = HexFormat.of().parseHex(vkey.split("\\+")[1]);
        byte[] sig = ByteBuffer.allocate(4 + signature.length).put(id).put(signature).array();
        return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(sig) + "\n";
    }

    private static HttpResponse<String> post(HttpClient http, URI prefix, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(prefix.resolve("add-checkpoint")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<byte[]> hexes(String text) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([0-9a-f]{64})\"").matcher(text);
        while (m.find()) {
            out.add(HexFormat.of().parseHex(m.group(1)));
        }
        return out;
    }
}
