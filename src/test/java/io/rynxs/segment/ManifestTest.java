package io.rynxs.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    static final String C = "c".repeat(64);
    static final String D = "d".repeat(64);
    static final String Z = "0".repeat(64);

    static final Manifest GOLDEN = new Manifest(1, "rynxs.example/demo", 1, 3, 3, Z, A, B,
            "segments/00000000000000000001-00000000000000000003.ndjson.gz", C, 512, Z, 2, "2026-11-26T10:00:03.000Z");

    // Keys in RFC 8785 order (UTF-16 code units), no whitespace; checked independently with Python's hashlib.
    static final String GOLDEN_TEXT = "{\"count\":3,\"epoch\":2,\"first\":1,\"head\":\"" + A + "\",\"last\":3,"
            + "\"object\":\"segments/00000000000000000001-00000000000000000003.ndjson.gz\",\"objectBytes\":512,"
            + "\"objectSha256\":\"" + C + "\",\"origin\":\"rynxs.example/demo\",\"prev\":\"" + Z + "\","
            + "\"previousManifestSha256\":\"" + Z + "\",\"root\":\"" + B + "\",\"sealedAt\":\"2026-11-26T10:00:03.000Z\",\"v\":1}";

    @Test
    void manifest_bytes_are_the_golden_jcs_text_and_hash() {
        assertThat(new String(GOLDEN.toBytes(), StandardCharsets.UTF_8)).isEqualTo(GOLDEN_TEXT);
        assertThat(GOLDEN.sha256()).isEqualTo(ManifestGolden.SHA256);
    }

    @Test
    void parse_reads_back_exactly_what_to_bytes_wrote() {
        assertThat(Manifest.parse(GOLDEN.toBytes())).isEqualTo(GOLDEN);
    }

    @Test
    void parse_refuses_whitespace_extra_fields_wrong_types_and_bad_ranges() {
        assertThatThrownBy(() -> Manifest.parse(GOLDEN_TEXT.replace(",\"epoch\"", ", \"epoch\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("canonical");
        assertThatThrownBy(() -> Manifest.parse(GOLDEN_TEXT.replace("\"v\":1}", "\"v\":1,\"x\":1}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not exactly");
        assertThatThrownBy(() -> Manifest.parse(GOLDEN_TEXT.replace("\"count\":3", "\"count\":\"3\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("count is not an integer");
        assertThatThrownBy(() -> Manifest.parse(GOLDEN_TEXT.replace("\"count\":3", "\"count\":4").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("do not describe a range");
        assertThatThrownBy(() -> Manifest.parse(new byte[] {(byte) 0xff})).hasMessageContaining("UTF-8");
    }
}
