package io.rynxs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {

    static final String ORIGIN = "rynxs.example/test";
    static final Ed25519Signer SIGNER = Ed25519Signer.fromSeed(ORIGIN, counting(0x00));
    static final VerifierKey KEY = SIGNER.verifierKey();
    static final Checkpoint GOLDEN = new Checkpoint(ORIGIN, 3, counting(0xa0), "ab".repeat(32), "cd".repeat(32));

    /**
     * Seed 00..1f, root a0..bf. Key ID, public key and signature were cross-checked outside Java:
     * `openssl pkeyutl -sign -rawin` over the five body lines and SHA-256 in Python give the same bytes.
     */
    static final String GOLDEN_KEY = "rynxs.example/test+21f12f2f+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
    static final String GOLDEN_NOTE = """
            rynxs.example/test
            3
            oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8=
            rynxs-chain abababababababababababababababababababababababababababababababab
            rynxs-state cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd

            \u2014 rynxs.example/test IfEvL7THTutZ/8wDK4bvc/x+TtQLgqdkYE4XTBdXOeEXeg6rZMHEw09Wn7rH1t1yAAJfpBeCL3F8cT3C1useD7lhbgo=
            """;

    static byte[] counting(int from) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    static String body() {
        return new String(GOLDEN.body(), StandardCharsets.UTF_8);
    }

    static CheckpointCode openCode(byte[] note) {
        try {
            Checkpoint.open(note, KEY);
            return CheckpointCode.OK;
        } catch (CheckpointException e) {
            return e.code();
        }
    }

    @Test
    void the_golden_checkpoint_signs_to_the_expected_note_exactly() {
        assertThat(KEY.toString()).isEqualTo(GOLDEN_KEY);
        assertThat(new String(GOLDEN.sign(SIGNER), StandardCharsets.UTF_8)).isEqualTo(GOLDEN_NOTE);
    }

    @Test
    void the_golden_note_opens_to_the_golden_checkpoint() {
        Checkpoint opened = Checkpoint.open(GOLDEN_NOTE.getBytes(StandardCharsets.UTF_8), VerifierKey.parse(GOLDEN_KEY));

        assertThat(opened).isEqualTo(GOLDEN);
        assertThat(opened.root()).isEqualTo(counting(0xa0));
    }

    static Stream<Arguments> altered_bodies() {
        String root = "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8=";
        String chain = "rynxs-chain " + "ab".repeat(32);
        return Stream.of(
                Arguments.of("the size has a leading zero", body().replace("\n3\n", "\n03\n")),
                Arguments.of("the size is negative", body().replace("\n3\n", "\n-3\n")),
                Arguments.of("the size has a plus sign", body().replace("\n3\n", "\n+3\n")),
                Arguments.of("the size is not numeric", body().replace("\n3\n", "\nthree\n")),
                Arguments.of("the size uses non-ASCII digits", body().replace("\n3\n", "\n\u0663\n")),
                Arguments.of("the size overflows a long", body().replace("\n3\n", "\n9223372036854775808\n")),
                Arguments.of("the root is 31 bytes", body().replace(root, "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vg==")),
                Arguments.of("the root is 33 bytes", body().replace(root, "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr+/")),
                Arguments.of("the root is not base64", body().replace(root, "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr!=")),
                Arguments.of("the root is unpadded", body().replace(root, root.substring(0, 43))),
                Arguments.of("the chain line is missing", body().replace(chain + "\n", "")),
                Arguments.of("the chain hash is uppercase", body().replace(chain, chain.toUpperCase().replace("RYNXS-CHAIN", "rynxs-chain"))),
                Arguments.of("the chain hash is short", body().replace(chain, chain.substring(0, chain.length() - 1))),
                Arguments.of("the chain line has another keyword", body().replace("rynxs-chain ", "rynxs-chains ")),
                Arguments.of("the state line is missing", body().substring(0, body().indexOf("rynxs-state"))),
                Arguments.of("the extension lines are swapped", body().replace(chain + "\n", "") + chain + "\n"),
                Arguments.of("an extra line follows", body() + "rynxs-extra 1\n"),
                Arguments.of("the origin is another log's", body().replace(ORIGIN + "\n", "rynxs.example/prod\n")));
    }

    @ParameterizedTest(name = "when {0}, re-signed text is malformed")
    @MethodSource("altered_bodies")
    void an_altered_body_signed_by_the_right_key_is_malformed(String why, String text) {
        byte[] note = SignedNote.sign(text, List.of(SIGNER));

        assertThat(openCode(note)).isEqualTo(CheckpointCode.MALFORMED);
    }

    @ParameterizedTest(name = "when {0}, the original signature is bad")
    @MethodSource("altered_bodies")
    void an_altered_body_under_the_original_signature_is_a_bad_signature(String why, String text) {
        String signatureLine = GOLDEN_NOTE.substring(GOLDEN_NOTE.indexOf("\n\n") + 1);

        assertThat(openCode((text + signatureLine).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(CheckpointCode.BAD_SIGNATURE);
    }

    @Test
    void a_checkpoint_of_size_zero_parses_but_is_never_signed() {
        Checkpoint empty = new Checkpoint(ORIGIN, 0, counting(0), "ab".repeat(32), "cd".repeat(32));
        byte[] note = SignedNote.sign(new String(empty.body(), StandardCharsets.UTF_8), List.of(SIGNER));

        assertThat(Checkpoint.open(note, KEY)).isEqualTo(empty);
        assertThatThrownBy(() -> empty.sign(SIGNER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tree size is 0");
    }

    @Test
    void signing_with_a_key_named_other_than_the_origin_is_refused() {
        Ed25519Signer prod = Ed25519Signer.fromSeed("rynxs.example/prod", counting(0));

        assertThatThrownBy(() -> GOLDEN.sign(prod)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sign checkpoint rynxs.example/test: signer key is named \"rynxs.example/prod\"");
    }

    @Test
    void the_record_rejects_values_no_checkpoint_can_hold() {
        byte[] root = counting(0);
        String hash = "ab".repeat(32);
        assertThatThrownBy(() -> new Checkpoint("", 1, root, hash, hash)).hasMessageContaining("origin");
        assertThatThrownBy(() -> new Checkpoint("a\nb", 1, root, hash, hash)).hasMessageContaining("origin");
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, -1, root, hash, hash)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, 1, new byte[31], hash, hash)).hasMessageContaining("31 bytes");
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, 1, root, hash.toUpperCase(), hash)).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, 1, root, hash, hash + "a")).hasMessageContaining("lowercase");
    }

    @Test
    void the_record_keeps_its_own_copy_of_the_root() {
        byte[] root = counting(0xa0);
        Checkpoint checkpoint = new Checkpoint(ORIGIN, 3, root, "ab".repeat(32), "cd".repeat(32));

        root[0] ^= 1;
        checkpoint.root()[1] ^= 1;

        assertThat(checkpoint).isEqualTo(GOLDEN);
    }
}
