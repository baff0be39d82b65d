package io.rynxs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VerifierKeyTest {

    static final String VECTOR = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    @Test
    void a_key_string_round_trips_through_parse_and_to_string() {
        VerifierKey key = VerifierKey.parse(VECTOR);

        assertThat(key.name()).isEqualTo("PeterNeumann");
        assertThat(HexFormat.of().formatHex(key.keyId())).isEqualTo("c74f20a3");
        assertThat(key.toString()).isEqualTo(VECTOR);
        assertThat(VerifierKey.of("PeterNeumann", key.publicKey())).isEqualTo(key);
    }

    @Test
    void the_key_id_is_the_sha256_prefix_over_name_newline_algorithm_and_key() {
        byte[] publicKey = VerifierKey.parse(VECTOR).publicKey();

        assertThat(HexFormat.of().formatHex(VerifierKey.keyId("PeterNeumann", publicKey))).isEqualTo("c74f20a3");
        assertThat(HexFormat.of().formatHex(VerifierKey.keyId("PeterNeumanN", publicKey))).isNotEqualTo("c74f20a3");
    }

    @ParameterizedTest(name = "{0} is rejected with a message about {2}")
    @CsvSource(delimiter = '|', value = {
        "PeterNeumann+c74f20a3                                                     | x | separated parts, not 3",
        "PeterNeumann                                                              | x | separated parts, not 3",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+extra | x | not canonical standard base64",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW                   | x | invalid name",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW      | x | invalid name",
        "PeterNeumann+c74f20g3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW       | x | not 8 lowercase hex",
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW       | x | not 8 lowercase hex",
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW        | x | not 8 lowercase hex",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T!       | x | not canonical standard base64",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T        | x | not canonical standard base64",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q=       | x | bytes, not 33",
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW       | x | does not match the computed",
        "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW       | x | algorithm byte is 0x02",
    })
    void a_malformed_key_string(String text, String unused, String problem) {
        assertThatThrownBy(() -> VerifierKey.parse(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
    }

    @Test
    void a_public_key_that_is_not_a_curve_point_is_rejected() {
        // y = 2 has no x on edwards25519, so no Ed25519 signature can verify under it.
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        byte[] data = new byte[33];
        data[0] = 1;
        System.arraycopy(notAPoint, 0, data, 1, 32);
        String id = HexFormat.of().formatHex(VerifierKey.keyId("k", notAPoint));

        assertThatThrownBy(() -> VerifierKey.parse("k+" + id + "+" + Base64.getEncoder().encodeToString(data)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a 32-byte Ed25519 point");
    }

    @Test
    void the_record_cannot_pair_a_name_with_another_names_key_id() {
        VerifierKey key = VerifierKey.parse(VECTOR);

        assertThatThrownBy(() -> new VerifierKey("Other", key.keyId(), key.publicKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match the computed");
    }

    @Test
    void the_record_keeps_its_own_copies_of_the_key_bytes() {
        VerifierKey key = VerifierKey.parse(VECTOR);

        key.publicKey()[0] ^= 1;
        key.keyId()[0] ^= 1;

        assertThat(key.toString()).isEqualTo(VECTOR);
    }
}
