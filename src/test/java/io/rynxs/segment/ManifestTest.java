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

    @Test
    void parse_refuses_bytes_that_are_not_utf8_naming_the_offset() {
        byte[] golden = GOLDEN_TEXT.getBytes(StandardCharsets.UTF_8);
        int at = GOLDEN_TEXT.indexOf("\"origin\":\"") + "\"origin\":\"".length();
        for (byte[] bad : new byte[][] {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}}) {
            byte[] altered = golden.clone();
            System.arraycopy(bad, 0, altered, at, bad.length);

            assertThatThrownBy(() -> Manifest.parse(altered))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parse manifest: invalid UTF-8 at byte " + at + " (0x" + String.format("%02x", bad[0] & 0xff)
                            + ") (a manifest is the UTF-8 JSON rynxs wrote; the object was altered or damaged)");
        }
    }
}
