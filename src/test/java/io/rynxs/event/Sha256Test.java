package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void a_hash_is_exactly_64_lowercase_hex_characters() {
        String ok = Sha256.hex("abc".getBytes());
        assertThat(ok).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.isHash(ok)).isTrue();
        assertThat(Sha256.isHash("0123456789abcdef".repeat(4))).isTrue();
        assertThat(Sha256.isHash(null)).isFalse();
        assertThat(Sha256.isHash(ok.substring(1))).isFalse();
        assertThat(Sha256.isHash(ok + "0")).isFalse();
        for (char bad : new char[] {'A', 'F', 'g', 'z', '/', ':', '`', ' ', '\u0000', '\u00e9', '\u0660', '\uff10'}) {
            assertThat(Sha256.isHash(bad + ok.substring(1))).as("leading %s", bad).isFalse();
            assertThat(Sha256.isHash(ok.substring(0, 63) + bad)).as("trailing %s", bad).isFalse();
        }
    }

    @Test
    void the_digest_of_text_is_the_digest_of_its_utf8_bytes_whatever_its_length_and_characters() {
        for (String text : new String[] {"", "abc", "{\"kind\":\"ConfigMap\"}", "caf\u00e9 \uD83D\uDE00 \u2028", "x".repeat(5000),
                "y".repeat(70_000), "a".repeat(3000) + "\u00e9", "abc"}) {
            assertThat(Sha256.hexOfText(text)).as("%d chars", text.length())
                    .isEqualTo(Sha256.hex(text.getBytes(StandardCharsets.UTF_8)));
            assertThat(Sha256.hexOfText(new StringBuilder(text))).isEqualTo(Sha256.hexOfText(text));
        }
    }
}
