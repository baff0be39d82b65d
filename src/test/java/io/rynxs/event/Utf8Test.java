package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict decoder: every well-formed length decodes, every ill-formed class is refused at the offset of its first byte. */
class Utf8Test {

    @ParameterizedTest(name = "{0} decodes to {1}")
    @CsvSource(delimiter = '|', value = {
            "                          | ''",
            "61 2f 7a                  | a/z",
            "7f                        | \u007f",
            "c2 80                     | \u0080",
            "c3 a9                     | é",
            "df bf                     | \u07ff",
            "e0 a0 80                  | \u0800",
            "e2 82 ac                  | €",
            "ed 9f bf                  | \ud7ff",
            "ee 80 80                  | \ue000",
            "ef bf bd                  | \ufffd",
            "ef bf bf                  | \uffff",
            "f0 90 80 80               | \ud800\udc00",
            "f0 9f 98 80               | \ud83d\ude00",
            "f4 8f bf bf               | \udbff\udfff",
            "61 c3 a9 e2 82 ac f0 9f 98 80 7a | aé€\ud83d\ude00z",
    })
    void well_formed_utf8_of_every_length_decodes_to_its_text(String hex, String text) {
        assertThat(Utf8.decode(bytes(hex), "test bytes", "hint")).isEqualTo(text);
        assertThat(Utf8.decode(bytes(hex), "test bytes", "hint")).isEqualTo(new String(bytes(hex), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}: {1} is refused at byte {2}")
    @CsvSource(delimiter = '|', value = {
            "lone continuation byte          | 61 80 62          | 1 | 80",
            "lone continuation byte at 0     | bf                | 0 | bf",
            "continuation after a full char  | c3 a9 a9          | 2 | a9",
            "0xff                            | 61 ff             | 1 | ff",
            "0xfe                            | fe 61             | 0 | fe",
            "2-byte truncated at the end     | 61 62 c3          | 2 | c3",
            "2-byte truncated in the middle  | 61 c3 62          | 1 | c3",
            "3-byte truncated at the end     | 61 e2 82          | 1 | e2",
            "3-byte truncated in the middle  | e2 82 61 62       | 0 | e2",
            "3-byte cut after its lead       | 61 62 63 e2 61    | 3 | e2",
            "4-byte truncated at the end     | 61 f0 9f 98       | 1 | f0",
            "4-byte truncated in the middle  | 61 f0 9f 98 62    | 1 | f0",
            "4-byte cut after its lead       | f0 61 61 61       | 0 | f0",
            "overlong 2-byte C0 AF           | 2f c0 af          | 1 | c0",
            "overlong 2-byte C0 80           | c0 80             | 0 | c0",
            "overlong 2-byte C1 BF           | 61 61 c1 bf       | 2 | c1",
            "overlong 3-byte E0 80 AF        | 61 e0 80 af       | 1 | e0",
            "overlong 3-byte E0 9F BF        | e0 9f bf          | 0 | e0",
            "overlong 4-byte F0 8F BF BF     | 61 f0 8f bf bf    | 1 | f0",
            "encoded surrogate ED A0 80      | 61 ed a0 80       | 1 | ed",
            "encoded surrogate ED BF BF      | ed bf bf 61       | 0 | ed",
            "encoded surrogate pair          | ed a0 bd ed b8 80 | 0 | ed",
            "above U+10FFFF F4 90 80 80      | 61 f4 90 80 80    | 1 | f4",
            "above U+10FFFF F4 BF BF BF      | f4 bf bf bf       | 0 | f4",
            "lead byte F5                    | 61 f5 80 80 80    | 1 | f5",
            "lead byte F6                    | f6 80 80 80       | 0 | f6",
            "lead byte F7                    | 61 62 f7 bf bf bf | 2 | f7",
            "valid text, then 0xff           | c3 a9 e2 82 ac ff | 5 | ff",
    })
    void ill_formed_utf8_is_refused_at_the_offset_of_its_first_byte(String name, String hex, int offset, String value) {
        assertThatThrownBy(() -> Utf8.decode(bytes(hex), "request body", "send the body as UTF-8"))
                .isInstanceOf(InvalidUtf8Exception.class)
                .hasMessage("request body: invalid UTF-8 at byte " + offset + " (0x" + value + ") (send the body as UTF-8)")
                .satisfies(e -> assertThat(((InvalidUtf8Exception) e).offset()).isEqualTo(offset))
                .satisfies(e -> assertThat(((InvalidUtf8Exception) e).problem())
                        .isEqualTo("invalid UTF-8 at byte " + offset + " (0x" + value + ")"));
    }

    @Test
    void a_range_is_decoded_alone_and_offsets_count_from_its_start() {
        byte[] bytes = bytes("ff 61 62 0a 63 ff 64 0a ff");
        assertThat(Utf8.decode(bytes, 1, 3, "line 1", "hint")).isEqualTo("ab");
        assertThatThrownBy(() -> Utf8.decode(bytes, 4, 7, "line 2", "save the file as UTF-8"))
                .hasMessage("line 2: invalid UTF-8 at byte 1 (0xff) (save the file as UTF-8)");
        assertThat(Utf8.decode(bytes, 9, 9, "empty", "hint")).isEmpty();
    }

    @Test
    void an_invalid_utf8_error_is_an_invalid_event_error_so_every_edge_answers_it_as_bad_input() {
        assertThatThrownBy(() -> Utf8.decode(bytes("ff"), "x", "y")).isInstanceOf(InvalidEventException.class);
    }

    private static byte[] bytes(String hex) {
        return hex == null ? new byte[0] : HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
