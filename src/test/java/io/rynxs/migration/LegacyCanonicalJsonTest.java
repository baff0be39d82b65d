package io.rynxs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.Json;
import io.rynxs.event.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code json.dumps(sort_keys=True, separators=(",",":"), ensure_ascii=False)}, byte for byte.
 * Expected texts and hashes were produced once by Python 3.11 (json, hashlib) and pasted here.
 */
class LegacyCanonicalJsonTest {
    private static final String ZERO = "0".repeat(64);

    @Test
    void the_readme_v1_vector_hashes_to_its_published_value() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "TEST");
        event.put("ts", 1L);
        event.put("seq", 0L);
        event.put("payload", Map.of("val", 42L));
        event.put("meta", Map.of());
        event.put("aggregate_id", "A");

        String text = LegacyCanonicalJson.write(event);

        assertThat(text).isEqualTo("{\"aggregate_id\":\"A\",\"meta\":{},\"payload\":{\"val\":42},\"seq\":0,\"ts\":1,\"type\":\"TEST\"}");
        assertThat(hash(ZERO, text)).isEqualTo("a056f116b2c1a960676743b337e693fcb7869a209a962d8fc56aac1caa36aff3");
    }

    @Test
    void the_readme_v2_vector_hashes_to_its_published_value() {
        String line = "{\"event\":{\"type\":\"TEST\",\"hash_version\":\"v2\",\"ts\":1,\"seq\":0,\"payload\":{\"val\":42},\"aggregate_id\":\"A\"},"
                + "\"event_hash\":\"be80aa6b209f609a583aecc8a6d06eeddd4d88b6d0f306c02c2d3d4d7d1dace4\",\"prev_hash\":\"" + ZERO + "\"}";

        LegacyRecord r = LegacyRecord.parse(line);

        assertThat(LegacyCanonicalJson.write(r.event()))
                .isEqualTo("{\"aggregate_id\":\"A\",\"hash_version\":\"v2\",\"payload\":{\"val\":42},\"seq\":0,\"ts\":1,\"type\":\"TEST\"}");
        assertThat(r.hashVersion()).isEqualTo(HashVersion.V2);
        assertThat(r.computeHash()).isEqualTo(r.eventHash());
    }

    @Test
    void keys_sort_by_code_point_so_astral_characters_come_after_private_use_ones() {
        // UTF-16 order (Java's String.compareTo, RFC 8785) would put U+1F600 (D83D DE00) before U+E000.
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\uD83D\uDE00", "a");
        m.put("\uE000", "b");
        m.put("é", "c");
        m.put("z", "d");
        m.put("A", "e");

        assertThat(LegacyCanonicalJson.write(m)).isEqualTo("{\"A\":\"e\",\"z\":\"d\",\"é\":\"c\",\"\uE000\":\"b\",\"\uD83D\uDE00\":\"a\"}");
    }

    @Test
    void strings_escape_only_quote_backslash_and_control_characters_as_python_does() {
        String s = "q\"b\\s\b\f\n\r\t\u0000\u0001\u001f\u007f é 日本 \uD83D\uDE00 /";

        assertThat(LegacyCanonicalJson.write(Map.of("s", s)))
                .isEqualTo("{\"s\":\"q\\\"b\\\\s\\b\\f\\n\\r\\t\\u0000\\u0001\\u001f\u007f é 日本 \uD83D\uDE00 /\"}");
    }

    @Test
    void a_non_ascii_event_written_in_another_key_order_recomputes_pythons_hash() {
        // Keys deliberately out of order in the text: the hash must come from the canonical form, not the line.
        String line = "{\"prev_hash\":\"" + ZERO + "\",\"event\":{\"type\":\"AgentObserved\",\"ts\":3,\"seq\":0,"
                + "\"payload\":{\"\uD83D\uDE00\":\"emoji key\",\"\uE000\":\"private use key\",\"日本\":[1,-2,true,false,null],\"é\":\"\\u00e9\"},"
                + "\"meta\":{\"note\":\"line1\\nline2\\t\\\"q\\\" \\\\ \\u0001 \\u007f\"},\"aggregate_id\":\"ns/zo\\u00eb\"},"
                + "\"event_hash\":\"cd9d11db74dcf2473bf19c03e25445b6c7bcc46043bf4370f6d3471c61a1234b\"}";

        LegacyRecord r = LegacyRecord.parse(line);

        assertThat(LegacyCanonicalJson.write(r.event())).isEqualTo("{\"aggregate_id\":\"ns/zoë\",\"meta\":{\"note\":\"line1\\nline2\\t\\\"q\\\" \\\\ \\u0001 \u007f\"},"
                + "\"payload\":{\"é\":\"é\",\"日本\":[1,-2,true,false,null],\"\uE000\":\"private use key\",\"\uD83D\uDE00\":\"emoji key\"},"
                + "\"seq\":0,\"ts\":3,\"type\":\"AgentObserved\"}");
        assertThat(r.computeHash()).isEqualTo("cd9d11db74dcf2473bf19c03e25445b6c7bcc46043bf4370f6d3471c61a1234b");
    }

    @Test
    void integers_booleans_null_and_arrays_print_as_python_prints_them() {
        assertThat(LegacyCanonicalJson.write(List.of(0L, -7L, 9007199254740991L, true, false, Json.NULL, List.of(), Map.of())))
                .isEqualTo("[0,-7,9007199254740991,true,false,null,[],{}]");
    }

    @Test
    void a_float_is_refused_rather_than_guessed() {
        assertThatThrownBy(() -> LegacyCanonicalJson.write(Map.of("x", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Double");
    }

    private static String hash(String prev, String canonical) {
        return Sha256.hex((prev + canonical).getBytes(StandardCharsets.UTF_8));
    }
}
