package io.rynxs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519SignerTest {

    /** Written by `openssl genpkey -algorithm ed25519`; its public key printed by `openssl pkey -pubout`. */
    static final String OPENSSL_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIC8Bxv7yjMt5kk+IZoNlfyfEq3XWPfq0TJNuhgK8sjTM
            -----END PRIVATE KEY-----
            """;
    static final String OPENSSL_PUBLIC_KEY = "JXHBuSF719aJDj7Y9ZtR3p7jngnoIKPrfz5w+L27Ew4=";

    @Test
    void a_pem_written_by_the_signer_reads_back_to_the_same_key() {
        Ed25519Signer signer = Ed25519Signer.generate("rynxs.example/prod");

        Ed25519Signer read = Ed25519Signer.fromPem("rynxs.example/prod", signer.toPem());

        assertThat(read.verifierKey()).isEqualTo(signer.verifierKey());
        assertThat(signer.toPem()).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    }

    @Test
    void a_pem_written_by_openssl_gives_the_public_key_openssl_derived() {
        Ed25519Signer signer = Ed25519Signer.fromPem("k", OPENSSL_PEM);

        assertThat(Base64.getEncoder().encodeToString(signer.verifierKey().publicKey()))
                .isEqualTo(OPENSSL_PUBLIC_KEY);
        assertThat(signer.toPem()).isEqualTo(OPENSSL_PEM);
    }

    @Test
    void public_key_derivation_from_a_seed_is_deterministic() {
        byte[] seed = HexFormat.of().parseHex("810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173");

        assertThat(Ed25519Signer.fromSeed("a", seed).verifierKey().publicKey())
                .isEqualTo(Ed25519Signer.fromSeed("a", seed).verifierKey().publicKey());
    }

    @Test
    void generated_keys_differ() {
        assertThat(Ed25519Signer.generate("a").verifierKey()).isNotEqualTo(Ed25519Signer.generate("a").verifierKey());
    }

    @Test
    void a_signature_verifies_under_the_signers_own_verifier_key_only_for_the_signed_message() {
        Ed25519Signer signer = Ed25519Signer.generate("a");
        byte[] message = "hello\n".getBytes(StandardCharsets.UTF_8);

        byte[] signature = signer.sign(message);

        assertThat(signature).hasSize(64);
        assertThat(signer.verifierKey().verify(message, signature)).isTrue();
        assertThat(signer.verifierKey().verify("hellO\n".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @Test
    void text_that_is_not_a_pkcs8_private_key_pem_is_rejected() {
        assertThatThrownBy(() -> Ed25519Signer.fromPem("k", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PEM \"PRIVATE KEY\" block");
        assertThatThrownBy(() -> Ed25519Signer.fromPem("k", OPENSSL_PEM.replace("MC4C", "MC5C")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PKCS#8 Ed25519 key");
    }

    @Test
    void a_seed_of_the_wrong_length_and_an_invalid_name_are_rejected() {
        assertThatThrownBy(() -> Ed25519Signer.fromSeed("k", new byte[31])).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> Ed25519Signer.fromSeed("a+b", new byte[32])).hasMessageContaining("invalid name");
    }

    @Test
    void to_string_shows_the_verifier_key_and_never_the_seed() {
        Ed25519Signer signer = Ed25519Signer.fromSeed("k", new byte[32]);

        assertThat(signer.toString()).contains(signer.verifierKey().toString()).doesNotContain("BEGIN");
    }
}
