package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * Fixed events with their expected canonical bytes and hashes. The expected texts were written by hand
 * from RFC 8785 and the hashes computed outside Java (Python hashlib), so these tests pin the format,
 * not whatever the code happens to do.
 */
class EventGoldenVectorsTest {
    private static final String ZERO = "0".repeat(64);

    @Test
    void a_plain_operator_event_has_its_published_bytes_and_hash() {
        Event e = seal("AgentObserved", "agent/default/alpha", "{ \"team\": \"core\", \"role\": \"worker\" }", null,
                1, "2026-11-26T10:00:00.000Z", 0, ZERO);
        assertVector(e, "{\"aggregate\":\"agent/default/alpha\",\"epoch\":0,\"meta\":{},\"payload\":{\"role\":\"worker\",\"team\":\"core\"},"
                + "\"prev\":\"" + ZERO + "\",\"seq\":1,\"time\":\"2026-11-26T10:00:00.000Z\",\"type\":\"AgentObserved\",\"v\":1}",
                "09a0db74017ae6747c3f1701343f3f188cf6e12777c4d21a35ff91ee06aeb75c");
    }

    @Test
    void non_ascii_strings_are_written_as_raw_utf8() {
        Event e = seal("audit.ToolInvoked", "session/zoë", "{\"name\":\"Zo\\u00eb\",\"city\":\"東京\",\"emoji\":\"\\ud83d\\ude00\"}",
                "{\"actor\":\"système\"}", 42, "2026-11-26T10:00:00.123Z", 3, "ab".repeat(32));
        assertVector(e, "{\"aggregate\":\"session/zoë\",\"epoch\":3,\"meta\":{\"actor\":\"système\"},"
                + "\"payload\":{\"city\":\"東京\",\"emoji\":\"😀\",\"name\":\"Zoë\"},\"prev\":\"" + "ab".repeat(32)
                + "\",\"seq\":42,\"time\":\"2026-11-26T10:00:00.123Z\",\"type\":\"audit.ToolInvoked\",\"v\":1}",
                "17a900488bd3dad8f03bf694fc4bd1df3e379038a88f9f5d14efda39ef1f25fd");
    }

    @Test
    void keys_sort_by_utf16_code_units_not_by_code_points() {
        // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+E000; code-point order would put it after.
        Event e = seal("KeyOrder", "operator", "{\"\\ue000\":1,\"\\ud83d\\ude00\":2,\"a\":3}", null,
                1, "2026-01-01T00:00:00.000Z", 0, ZERO);
        assertVector(e, "{\"aggregate\":\"operator\",\"epoch\":0,\"meta\":{},\"payload\":{\"a\":3,\"😀\":2,\"\ue000\":1},"
                + "\"prev\":\"" + ZERO + "\",\"seq\":1,\"time\":\"2026-01-01T00:00:00.000Z\",\"type\":\"KeyOrder\",\"v\":1}",
                "5802a9352dad46b87819e5fcb22afc486410a37d5c411ee26caba31449c9ecfb");
    }

    @Test
    void control_characters_and_quotes_use_the_rfc8785_escapes() {
        Event e = seal("Escapes", "operator", "{\"tab\":\"a\\u0009b\",\"quote\":\"\\\"\",\"ctl\":\"\\u0001\",\"slash\":\"\\/\"}", null,
                1, "2026-01-01T00:00:00.000Z", 0, ZERO);
        assertVector(e, "{\"aggregate\":\"operator\",\"epoch\":0,\"meta\":{},\"payload\":{\"ctl\":\"\\u0001\",\"quote\":\"\\\"\","
                + "\"slash\":\"/\",\"tab\":\"a\\tb\"},\"prev\":\"" + ZERO + "\",\"seq\":1,\"time\":\"2026-01-01T00:00:00.000Z\","
                + "\"type\":\"Escapes\",\"v\":1}",
                "d297b71e97c507ef7d6096c89f03d24bcd0c6c848319934b32b70cfd3ea751a5");
    }

    @Test
    void numbers_take_their_shortest_ecmascript_form() {
        Event e = seal("Numbers", "operator", "{\"n\":1.0,\"big\":9007199254740991,\"neg\":-0,\"exp\":1e3,\"frac\":0.50,\"small\":0.0000001}",
                null, 1, "2026-01-01T00:00:00.000Z", 0, ZERO);
        assertVector(e, "{\"aggregate\":\"operator\",\"epoch\":0,\"meta\":{},\"payload\":{\"big\":9007199254740991,\"exp\":1000,"
                + "\"frac\":0.5,\"n\":1,\"neg\":0,\"small\":1e-7},\"prev\":\"" + ZERO + "\",\"seq\":1,"
                + "\"time\":\"2026-01-01T00:00:00.000Z\",\"type\":\"Numbers\",\"v\":1}",
                "501d998470bf5b330b70e4ecc7a7f0b88e0ed3e0b9de1d41e67b1b596139627e");
    }

    @Test
    void the_segment_line_is_the_canonical_object_with_the_hash_added() throws Exception {
        Event e = seal("AgentObserved", "agent/default/alpha", "{\"role\":\"worker\",\"team\":\"core\"}", null,
                1, "2026-11-26T10:00:00.000Z", 0, ZERO);
        Map<String, Object> withHash = new LinkedHashMap<>(Json.parseObject(new String(e.canonicalBytes(), StandardCharsets.UTF_8), 64));
        withHash.put("hash", e.hash());
        assertThat(e.line()).isEqualTo(new JsonCanonicalizer(Json.write(withHash)).getEncodedString());
        assertThat(e.line()).contains("\"epoch\":0,\"hash\":\"09a0db74");
    }

    private static Event seal(String type, String aggregate, String payload, String meta, long seq, String time, long epoch, String prev) {
        return Event.seal(NewEvent.of(type, aggregate, payload, meta, JsonLimits.DEFAULT), seq, time, epoch, prev);
    }

    private static void assertVector(Event e, String expectedCanonical, String expectedHash) {
        assertThat(new String(e.canonicalBytes(), StandardCharsets.UTF_8)).isEqualTo(expectedCanonical);
        assertThat(e.canonicalBytes()).isEqualTo(expectedCanonical.getBytes(StandardCharsets.UTF_8));
        assertThat(e.hash()).isEqualTo(expectedHash);
        assertThat(e.computeHash()).isEqualTo(expectedHash);
    }
}
