package io.rynxs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignedNoteTest {

    static final Ed25519Signer SIGNER = Ed25519Signer.fromSeed("rynxs.example/test", new byte[32]);
    static final Ed25519Signer OTHER = Ed25519Signer.fromSeed("witness.example", filled(7));
    static final String TEXT = "rynxs.example/test\n3\nline three\n";

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static byte[] note() {
        return SignedNote.sign(TEXT, List.of(SIGNER));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static CheckpointCode openCode(byte[] note, NoteVerifier... known) {
        try {
            SignedNote.open(note, List.of(known));
            return CheckpointCode.OK;
        } catch (CheckpointException e) {
            assertThat(e.getMessage()).startsWith("open note: ").contains("(");
            return e.code();
        }
    }

    static Stream<Arguments> malformed_envelopes() {
        return Stream.<Object[]>of(
                new Object[] {"the final newline is missing", (UnaryOperator<String>) n -> n.substring(0, n.length() - 1)},
                new Object[] {"lines end in CRLF", (UnaryOperator<String>) n -> n.replace("\n", "\r\n")},
                new Object[] {"the blank line is missing", (UnaryOperator<String>) n -> n.replace("\n\n", "\n")},
                new Object[] {"an extra blank line precedes the signatures", (UnaryOperator<String>) n -> n.replace("\n\n", "\n\n\n")},
                new Object[] {"a blank line sits inside the text", (UnaryOperator<String>) n -> n.replace("3\n", "3\n\n")},
                new Object[] {"the text starts with a blank line", (UnaryOperator<String>) n -> "\n" + n},
                new Object[] {"a blank line follows the signatures", (UnaryOperator<String>) n -> n + "\n"},
                new Object[] {"the dash is a hyphen", (UnaryOperator<String>) n -> n.replace("\u2014", "-")},
                new Object[] {"the dash is an en dash", (UnaryOperator<String>) n -> n.replace("\u2014", "\u2013")},
                new Object[] {"the dash lacks its space", (UnaryOperator<String>) n -> n.replace("\u2014 ", "\u2014")},
                new Object[] {"the signature is unpadded base64", (UnaryOperator<String>) n -> n.replace("=\n", "\n")},
                new Object[] {"the signature is not base64", (UnaryOperator<String>) n -> n.replace("=\n", "!\n")},
                new Object[] {"the signature line has no base64", (UnaryOperator<String>) n -> n.replaceAll("test \\S+\n$", "test\n")},
                new Object[] {"the signature holds too few bytes", (UnaryOperator<String>) n -> n.replaceAll("test \\S+\n$", "test AAAAAA==\n")},
                new Object[] {"the key name contains a plus", (UnaryOperator<String>) n -> n.replace("\u2014 rynxs.example/test", "\u2014 rynxs+x")},
                new Object[] {"a tab is in the text", (UnaryOperator<String>) n -> n.replace("line three", "line\tthree")},
                new Object[] {"there are no signature lines", (UnaryOperator<String>) n -> n.substring(0, n.indexOf("\n\n") + 2)},
                new Object[] {"the note is empty", (UnaryOperator<String>) n -> ""})
                .map(c -> Arguments.of(c[0], c[1]));
    }

    @ParameterizedTest(name = "a note where {0} is malformed")
    @MethodSource("malformed_envelopes")
    void a_note_with_a_broken_envelope_is_malformed(String why, UnaryOperator<String> alter) {
        byte[] altered = alter.apply(utf8(note())).getBytes(StandardCharsets.UTF_8);

        assertThat(openCode(altered, SIGNER.verifierKey())).isEqualTo(CheckpointCode.MALFORMED);
    }

    @Test
    void a_note_with_bytes_that_are_not_utf8_is_malformed() {
        byte[] note = note();
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})) {
            ByteArrayOutputStream altered = new ByteArrayOutputStream();
            altered.write(note, 0, 5);
            altered.writeBytes(bad);
            altered.write(note, 5, note.length - 5);

            assertThat(openCode(altered.toByteArray(), SIGNER.verifierKey())).isEqualTo(CheckpointCode.MALFORMED);
        }
    }

    @Test
    void bytes_that_are_not_utf8_are_named_by_their_offset_in_the_note_in_the_text_or_the_signatures() {
        byte[] note = note();
        byte[] inText = note.clone();
        inText[5] = (byte) 0xff;
        byte[] inSignature = note.clone();
        inSignature[note.length - 3] = (byte) 0xc3;

        assertThatThrownBy(() -> SignedNote.open(inText, List.of(SIGNER.verifierKey())))
                .isInstanceOfSatisfying(CheckpointException.class, e -> assertThat(e.code()).isEqualTo(CheckpointCode.MALFORMED))
                .hasMessage("open note: invalid UTF-8 at byte 5 (0xff) (notes are UTF-8 text; the bytes were corrupted)");
        assertThatThrownBy(() -> SignedNote.open(inSignature, List.of(SIGNER.verifierKey())))
                .hasMessageStartingWith("open note: invalid UTF-8 at byte " + (note.length - 3) + " (0xc3)");
    }

    @Test
    void a_note_whose_text_holds_multibyte_utf8_opens_to_that_text() {
        String text = "rynxs.example/é€😀\n3\nq2z/A+4=\n";

        assertThat(SignedNote.open(SignedNote.sign(text, List.of(SIGNER)), List.of(SIGNER.verifierKey()))).isEqualTo(text);
    }

    @Test
    void more_than_one_hundred_signature_lines_are_malformed() {
        String line = utf8(SignedNote.sign(TEXT, List.of(OTHER))).substring(TEXT.length() + 1);

        byte[] note = (utf8(note()) + line.repeat(100)).getBytes(StandardCharsets.UTF_8);

        assertThat(openCode(note, SIGNER.verifierKey())).isEqualTo(CheckpointCode.MALFORMED);
    }

    @Test
    void an_intact_note_opens_to_its_text() {
        assertThat(SignedNote.open(note(), List.of(SIGNER.verifierKey()))).isEqualTo(TEXT);
    }

    @Test
    void flipped_signature_byte_is_reported_as_bad_signature() {
        for (int index : new int[] {4, 30, 67}) {
            assertThat(openCode(flipSignatureByte(note(), index), SIGNER.verifierKey()))
                    .as("byte %d", index).isEqualTo(CheckpointCode.BAD_SIGNATURE);
        }
    }

    @Test
    void a_flipped_key_id_byte_makes_the_signature_unknown_rather_than_bad() {
        assertThat(openCode(flipSignatureByte(note(), 0), SIGNER.verifierKey())).isEqualTo(CheckpointCode.UNKNOWN_KEY);
    }

    @Test
    void a_note_whose_text_was_altered_after_signing_is_reported_as_bad_signature() {
        byte[] altered = utf8(note()).replace("\n3\n", "\n4\n").getBytes(StandardCharsets.UTF_8);

        assertThat(openCode(altered, SIGNER.verifierKey())).isEqualTo(CheckpointCode.BAD_SIGNATURE);
    }

    @Test
    void a_note_signed_only_by_another_key_is_reported_as_unknown_key() {
        byte[] note = SignedNote.sign(TEXT, List.of(OTHER));
        Ed25519Signer sameName = Ed25519Signer.fromSeed("rynxs.example/test", filled(9));

        assertThat(openCode(note, SIGNER.verifierKey())).isEqualTo(CheckpointCode.UNKNOWN_KEY);
        assertThat(openCode(SignedNote.sign(TEXT, List.of(sameName)), SIGNER.verifierKey()))
                .isEqualTo(CheckpointCode.UNKNOWN_KEY);
    }

    @Test
    void the_same_public_key_under_another_name_is_reported_as_unknown_key() {
        VerifierKey renamed = VerifierKey.of("rynxs.example/prod", SIGNER.verifierKey().publicKey());

        assertThat(openCode(note(), renamed)).isEqualTo(CheckpointCode.UNKNOWN_KEY);
    }

    @Test
    void an_unknown_cosignature_is_ignored_but_a_bad_one_from_a_known_key_is_not() {
        byte[] cosigned = SignedNote.sign(TEXT, List.of(OTHER, SIGNER));
        byte[] withBadSecond = (utf8(note()) + utf8(flipSignatureByte(note(), 40)).substring(TEXT.length() + 1))
                .getBytes(StandardCharsets.UTF_8);

        assertThat(SignedNote.open(cosigned, List.of(SIGNER.verifierKey()))).isEqualTo(TEXT);
        assertThat(openCode(withBadSecond, SIGNER.verifierKey())).isEqualTo(CheckpointCode.BAD_SIGNATURE);
    }

    @Test
    void a_signature_truncated_to_fewer_bytes_is_reported_as_bad_signature() {
        String note = utf8(note());
        int start = note.lastIndexOf(' ') + 1;
        byte[] data = Base64.getDecoder().decode(note.substring(start, note.length() - 1));
        String shorter = Base64.getEncoder().encodeToString(Arrays.copyOf(data, data.length - 3));

        byte[] altered = (note.substring(0, start) + shorter + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(openCode(altered, SIGNER.verifierKey())).isEqualTo(CheckpointCode.BAD_SIGNATURE);
    }

    @Test
    void signing_refuses_text_that_could_never_be_opened() {
        for (String text : List.of("", "no newline", "a\n\nb\n", "crlf\r\n")) {
            assertThatThrownBy(() -> SignedNote.sign(text, List.of(SIGNER)))
                    .as(text).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sign note: text");
        }
    }

    /** Flips one byte of key ID ‖ signature on the last signature line (0-3 are the key ID). */
    static byte[] flipSignatureByte(byte[] note, int index) {
        String text = utf8(note);
        int start = text.lastIndexOf(' ') + 1;
        byte[] data = Base64.getDecoder().decode(text.substring(start, text.length() - 1));
        data[index] ^= 0x01;
        return (text.substring(0, start) + Base64.getEncoder().encodeToString(data) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
