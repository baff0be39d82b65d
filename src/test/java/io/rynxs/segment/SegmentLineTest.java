package io.rynxs.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lines that are valid JSON, or nearly, but not the canonical bytes of their event: each refused, as the reference refuses it. */
class SegmentLineTest {
    private static final Event E = event();

    private static Event event() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tool", "kubectl");
        payload.put("n", 7L);
        payload.put("ratio", 0.5);
        payload.put("text", "tab\there \"quoted\" back\\slash é 😀 \u0001");
        payload.put("list", List.of(1L, "two", Map.of("z", true, "a", false)));
        return Event.seal(new NewEvent("audit.ToolInvoked", "session/s1", CanonicalJson.of(payload), CanonicalJson.of(Map.of("actor", "u"))),
                12, "2026-11-26T10:00:00.000Z", 3, Sha256.ZERO_HEX);
    }

    @Test
    void the_canonical_line_reads_back_with_a_matching_hash() {
        SegmentLine l = SegmentLine.read(E.line().getBytes(StandardCharsets.UTF_8));

        assertThat(l.event()).isEqualTo(E);
        assertThat(l.hashMatches()).isTrue();
    }

    @Test
    void a_line_inside_a_larger_buffer_is_read_from_its_own_bytes_only() {
        byte[] line = E.line().getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[line.length + 20];
        System.arraycopy(line, 0, buffer, 10, line.length);
        buffer[9] = '\n';
        buffer[10 + line.length] = '\n';

        SegmentLine l = SegmentLine.read(buffer, 10, 10 + line.length, Sha256.newDigest());

        assertThat(l.event()).isEqualTo(E);
        assertThat(l.hashMatches()).isTrue();
    }

    @Test
    void an_altered_payload_value_still_reads_but_its_hash_does_not_match() {
        SegmentLine l = SegmentLine.read(E.line().replace("kubectl", "rm -rf").getBytes(StandardCharsets.UTF_8));

        assertThat(l.hashMatches()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // whitespace
            "{\"aggregate\"| {\"aggregate\"", "\"epoch\":3|\"epoch\": 3", "\"v\":1}|\"v\":1} ", "\"v\":1}|\"v\":1}\r",
            // key order, duplicates, extra and missing fields
            "\"n\":7,\"ratio\":0.5|\"ratio\":0.5,\"n\":7", "\"v\":1}|\"v\":1,\"v\":1}", "\"v\":1}|\"v\":1,\"x\":1}",
            "\"actor\":\"u\"|\"actor\":\"u\",\"actor\":\"u\"", ",\"time\":\"2026-11-26T10:00:00.000Z\"|",
            // escapes that JCS does not write
            "\\t|\\u0009", "\\\"quoted|\\u0022quoted", "back\\\\slash|back\\u005cslash", "\\u0001|\\u01",
            "kubectl|kub\\u0065ctl", "kubectl|kube\\/ctl", "é|\\u00e9", "😀|\\ud83d\\ude00", "kubectl|kubectl\\x",
            // numbers that are not in shortest form
            "\"n\":7|\"n\":7.0", "\"n\":7|\"n\":7e0", "\"n\":7|\"n\":07", "\"n\":7|\"n\":+7", "0.5|5e-1", "0.5|0.50", "\"epoch\":3|\"epoch\":3.0",
            "\"seq\":12|\"seq\":1.2e1", "\"n\":7|\"n\":-0", "\"n\":7|\"n\":9007199254740993",
            // literals, structure, types
            "true|True", "false|fals", "\"v\":1}|\"v\":1", "\"v\":1}|\"v\":1}}", "\"v\":1}|\"v\":\"1\"}", "\"v\":1}|\"v\":2}",
            "\"v\":1}|\"v\":4294967297}", "\"meta\":{|\"meta\":[{", "\"tool\"|tool"})
    void a_non_canonical_line_is_refused_like_the_reference_refuses_it(String edit) {
        String[] parts = edit.split("\\|", -1);
        String original = E.line();
        assertThat(original).as("the edit applies").contains(parts[0]);
        byte[] line = original.replaceFirst(Pattern.quote(parts[0]), Matcher.quoteReplacement(parts[1]))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ReferenceLine.parse(line)).as("the reference refuses it too").isInstanceOfAny(InvalidEventException.class,
                IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentLine.read(line)).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void invalid_utf8_is_refused_whatever_its_form() {
        byte[][] bad = {
                {(byte) 0xc0, (byte) 0xaf},                           // overlong '/'
                {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},              // overlong
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80},              // a UTF-16 surrogate encoded
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
                {(byte) 0xc3},                                        // truncated
                {(byte) 0xff},
                {(byte) 0x80}};
        for (byte[] b : bad) {
            String marker = "kubectl";
            byte[] line = E.line().getBytes(StandardCharsets.UTF_8);
            int at = E.line().indexOf(marker);
            byte[] out = new byte[line.length + b.length];
            System.arraycopy(line, 0, out, 0, at);
            System.arraycopy(b, 0, out, at, b.length);
            System.arraycopy(line, at, out, at + b.length, line.length - at);

            assertThatThrownBy(() -> ReferenceLine.parse(out)).isInstanceOf(InvalidEventException.class);
            assertThatThrownBy(() -> SegmentLine.read(out)).isInstanceOf(InvalidEventException.class).hasMessageContaining("UTF-8");
        }
    }

    @Test
    void nesting_is_limited_like_the_reference() {
        String deep = "[".repeat(64) + "]".repeat(64);
        String tooDeep = "[".repeat(65) + "]".repeat(65);
        byte[] ok = E.line().replace("\"tool\":\"kubectl\"", "\"tool\":" + deep).getBytes(StandardCharsets.UTF_8);
        byte[] bad = E.line().replace("\"tool\":\"kubectl\"", "\"tool\":" + tooDeep).getBytes(StandardCharsets.UTF_8);

        assertThat(SegmentLine.read(ok).event()).isEqualTo(ReferenceLine.parse(ok));
        assertThatThrownBy(() -> ReferenceLine.parse(bad)).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> SegmentLine.read(bad)).isInstanceOf(InvalidEventException.class).hasMessageContaining("nesting");
    }

    @Test
    void messages_name_what_is_wrong_and_where() {
        byte[] spaced = E.line().replace("\"epoch\":3", "\"epoch\": 3").getBytes(StandardCharsets.UTF_8);
        byte[] unsorted = E.line().replace("\"n\":7,\"ratio\":0.5", "\"ratio\":0.5,\"n\":7").getBytes(StandardCharsets.UTF_8);
        byte[] escaped = E.line().replace("kubectl", "kub\\u0065ctl").getBytes(StandardCharsets.UTF_8);
        byte[] number = E.line().replace("\"n\":7", "\"n\":7.0").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SegmentLine.read(spaced)).hasMessageContaining("whitespace").hasMessageContaining("at byte");
        assertThatThrownBy(() -> SegmentLine.read(unsorted)).hasMessageContaining("key \"n\" comes after \"ratio\"");
        assertThatThrownBy(() -> SegmentLine.read(escaped)).hasMessageContaining("escape \\u0065 is not canonical");
        assertThatThrownBy(() -> SegmentLine.read(number)).hasMessageContaining("number 7.0 is not in canonical form (JCS writes 7)");
    }
}
