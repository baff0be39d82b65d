package io.rynxs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Ed25519 checkpoint cosignatures (C2SP tlog-cosignature, type 0x04), checked against the spec's examples. */
class CosignerKeyTest {
    private static final String BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    @Test
    void the_signed_message_is_the_spec_example_byte_for_byte() {
        byte[] message = CosignerKey.message(1679315147, BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(message, StandardCharsets.UTF_8)).isEqualTo("cosignature/v1\ntime 1679315147\n"
                + "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    }

    @Test
    void the_spec_example_signature_line_is_a_key_id_then_a_big_endian_timestamp_then_64_bytes() {
        byte[] data = Base64.getDecoder().decode("jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZ"
                + "qhf5nNo0xUe+mbIUBkBIfZ+qnA==");
        assertThat(data).hasSize(4 + CosignerKey.SIGNATURE_BYTES);
        byte[] signature = Arrays.copyOfRange(data, 4, data.length);
        // The spec's message example carries "time 1679315147": the same instant as this line's timestamp.
        assertThat(CosignerKey.timestamp(signature)).isEqualTo(1679315147L);
        assertThat(CosignerKey.timestamp(new byte[64])).isEqualTo(-1);
    }

    @Test
    void the_key_id_hashes_name_newline_type_0x04_and_key() throws Exception {
        KeyPair pair = pair();
        byte[] pub = raw(pair);
        CosignerKey key = CosignerKey.of("witness.example.com/w1", pub);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("witness.example.com/w1\n".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x04);
        sha.update(pub);
        assertThat(key.keyId()).isEqualTo(Arrays.copyOf(sha.digest(), 4));
        assertThat(key.keyId()).isNotEqualTo(VerifierKey.keyId("witness.example.com/w1", pub));
        assertThat(CosignerKey.parse(key.toString())).isEqualTo(key);
        assertThat(key.toString()).startsWith("witness.example.com/w1+" + HexFormat.of().formatHex(key.keyId()) + "+B");
    }

    @Test
    void a_cosignature_verifies_only_over_its_body_and_timestamp() throws Exception {
        KeyPair pair = pair();
        CosignerKey key = CosignerKey.of("w1", raw(pair));
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        byte[] good = cosign(pair, 1700000000L, body);
        assertThat(key.verify(body, good)).isTrue();
        assertThat(key.verify("example.com/behind-the-sofa\n20852164\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
                .getBytes(StandardCharsets.UTF_8), good)).as("another size").isFalse();
        byte[] otherTime = good.clone();
        otherTime[7] ^= 1;
        assertThat(key.verify(body, otherTime)).as("the timestamp is signed").isFalse();
        assertThat(key.verify(body, cosign(pair, 0, body))).as("a zero timestamp is refused").isFalse();
        assertThat(key.verify(body, Arrays.copyOf(good, 71))).isFalse();
    }

    @Test
    void a_vkey_of_another_type_is_refused_naming_the_type() throws Exception {
        VerifierKey log = VerifierKey.of("example.com/log", raw(pair()));
        assertThatThrownBy(() -> CosignerKey.parse(log.toString())).hasMessageContaining("type 0x01").hasMessageContaining("0x04");
        assertThatThrownBy(() -> CosignerKey.parse("w1+zzzz+AAAA")).hasMessageContaining("not <name>+<8 hex>+<base64>");
    }

    static KeyPair pair() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static byte[] raw(KeyPair pair) {
        byte[] x509 = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    /** A cosignature made here from the spec, with the JDK's Ed25519, not with the product's code. */
    static byte[] cosign(KeyPair pair, long time, byte[] body) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(("cosignature/v1\ntime " + time + "\n").getBytes(StandardCharsets.US_ASCII));
        s.update(body);
        return ByteBuffer.allocate(72).putLong(time).put(s.sign()).array();
    }
}
