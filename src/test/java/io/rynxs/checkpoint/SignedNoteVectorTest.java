package io.rynxs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteVectorTest {

    private final SignedNoteVector vector = SignedNoteVector.load();
    private final Ed25519Signer signer =
            Ed25519Signer.fromSeed(SignedNoteVector.NAME, HexFormat.of().parseHex(vector.signerSeedHex()));

    @Test
    void the_seed_gives_exactly_the_reference_verifier_key_string() {
        assertThat(signer.verifierKey().toString()).isEqualTo(vector.verifierKey());
    }

    @Test
    void signing_the_reference_text_reproduces_the_reference_note_byte_for_byte() {
        byte[] note = SignedNote.sign(vector.text(), List.of(signer));

        assertThat(note).isEqualTo(vector.note().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void opening_the_reference_note_with_the_parsed_verifier_key_yields_the_text() {
        VerifierKey key = VerifierKey.parse(vector.verifierKey());

        String text = SignedNote.open(vector.note().getBytes(StandardCharsets.UTF_8), List.of(key));

        assertThat(text).isEqualTo(vector.text());
    }

    @Test
    void the_reference_signer_key_string_parses_to_the_same_seed() {
        Ed25519Signer parsed = Ed25519Signer.fromSignerKey(vector.signerKey());

        assertThat(parsed.toPem()).isEqualTo(signer.toPem());
        assertThat(parsed.verifierKey()).isEqualTo(signer.verifierKey());
    }

    @Test
    void a_signer_key_string_with_an_altered_key_id_is_rejected() {
        String altered = vector.signerKey().replace("+c74f20a3+", "+c74f20a4+");

        assertThatThrownBy(() -> Ed25519Signer.fromSignerKey(altered))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }

    @Test
    void the_fixture_reader_decodes_escapes_the_way_json_defines_them() {
        String json = "{\"a\": \"x\\n\\u2014\\\"\\\\\\/\\ud83d\\ude00\", \"b\":\"\"}";

        assertThat(SignedNoteVector.string(json, "a")).isEqualTo("x\n\u2014\"\\/\uD83D\uDE00");
        assertThat(SignedNoteVector.string(json, "b")).isEmpty();
        assertThat(vector.note()).contains("\n\n\u2014 PeterNeumann ");
    }
}
