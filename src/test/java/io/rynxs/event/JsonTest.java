package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Untrusted JSON: every rule that keeps the canonical bytes well-defined, each with its own message. */
class JsonTest {

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1,}                 | expected a string key",
            "{a:1}                      | expected a string key",
            "{'a':1}                    | expected a string key",
            "{\"a\":1,\"a\":2}          | duplicate key \"a\"",
            "{\"a\":NaN}                | unexpected character 'N'",
            "{\"a\":Infinity}           | unexpected character 'I'",
            "{\"a\":9007199254740993}   | beyond ±(2^53-1)",
            "{\"a\":-9007199254740993}  | beyond ±(2^53-1)",
            "{\"a\":1e400}              | beyond the range of an IEEE double",
            "{\"a\":3.14159265358979323846} | more precision than an IEEE double holds",
            "{\"a\":01}                 | expected ',' or '}'",
            "{\"a\":1.}                 | digits expected after '.'",
            "{\"a\":\"\\ud800\"}        | lone UTF-16 surrogate",
            "{\"a\":\"\\x\"}            | invalid escape",
            "{\"a\":tru}                | invalid literal",
            "{\"a\":1} x                | unexpected text after the JSON value",
            "{\"a\":\"unterminated}     | unterminated string",
    })
    void malformed_or_unrepresentable_json_is_refused_with_a_reason(String json, String reason) {
        assertThatThrownBy(() -> CanonicalJson.parse(json.strip(), JsonLimits.DEFAULT, "event payload"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("event payload: parse JSON: ")
                .hasMessageContaining(reason.strip());
    }

    @Test
    void a_raw_control_character_inside_a_string_is_refused() {
        assertThatThrownBy(() -> Json.parse("{\"a\":\"x\ny\"}", 64)).hasMessageContaining("unescaped control character U+000A");
    }

    @Test
    void a_payload_must_be_an_object() {
        assertThatThrownBy(() -> CanonicalJson.parse("[1]", JsonLimits.DEFAULT, "event payload")).hasMessageContaining("expected an object, found an array");
        assertThatThrownBy(() -> CanonicalJson.parse("\"x\"", JsonLimits.DEFAULT, "event payload")).hasMessageContaining("found a string");
    }

    @Test
    void nesting_deeper_than_the_limit_is_refused_and_the_limit_itself_is_allowed() {
        String ok = "{\"a\":".repeat(63) + "{}" + "}".repeat(63);
        String tooDeep = "{\"a\":".repeat(64) + "{}" + "}".repeat(64);
        assertThat(CanonicalJson.parse(ok, JsonLimits.DEFAULT, "p").text()).startsWith("{\"a\":{\"a\":");
        assertThatThrownBy(() -> CanonicalJson.parse(tooDeep, JsonLimits.DEFAULT, "p")).hasMessageContaining("nesting deeper than 64 levels");
    }

    @Test
    void a_payload_over_the_size_limit_names_its_size_and_the_limit() {
        String big = "{\"a\":\"" + "x".repeat(300) + "\"}";
        assertThatThrownBy(() -> CanonicalJson.parse(big, new JsonLimits(100, 64), "event payload"))
                .hasMessageContaining("event payload: 308 bytes is over the limit of 100 bytes");
    }

    @Test
    void the_largest_safe_integers_and_exact_decimals_are_accepted() {
        Map<String, Object> m = Json.parseObject("{\"max\":9007199254740991,\"min\":-9007199254740991,\"d\":0.1,\"e\":1E-7}", 64);
        assertThat(m.get("max")).isEqualTo(9007199254740991L);
        assertThat(m.get("min")).isEqualTo(-9007199254740991L);
        assertThat(m.get("d")).isEqualTo(0.1);
        assertThat(m.get("e")).isEqualTo(1e-7);
        // either side of the short-integer fast path (15 characters) gives the exact value
        for (String n : new String[] {"0", "-0", "7", "999999999999999", "-99999999999999", "1000000000000000", "-999999999999999",
                "9007199254740990", "1.0", "2e3", "100000000000000.0"}) {
            assertThat(Json.parseObject("{\"n\":" + n + "}", 64).get("n"))
                    .as(n).isEqualTo(new BigDecimal(n).longValueExact());
        }
    }

    @Test
    void a_raw_lone_surrogate_is_refused_and_a_raw_pair_is_kept() {
        assertThatThrownBy(() -> Json.parse("{\"a\":\"x\ud800y\"}", 64)).hasMessageContaining("lone UTF-16 surrogate U+D800");
        assertThat(Json.parseObject("{\"a\":\"x\ud83d\ude00\"}", 64).get("a")).isEqualTo("x\ud83d\ude00");
    }

    @Test
    void type_names_follow_the_two_families() {
        assertThat(EventType.isOperator("AgentObserved")).isTrue();
        assertThat(EventType.isOperator("agentObserved")).isFalse();
        assertThat(EventType.isOperator("A" + "b".repeat(63))).isTrue();
        assertThat(EventType.isOperator("A" + "b".repeat(64))).isFalse();
        assertThat(EventType.isExternal("audit.ToolInvoked")).isTrue();
        assertThat(EventType.isExternal("audit")).isFalse();
        assertThat(EventType.isExternal("Audit.x")).isFalse();
        assertThatThrownBy(() -> EventType.check("has space")).hasMessageContaining("is not allowed");
    }

    @Test
    void aggregates_are_bounded_and_free_of_escaped_characters() {
        assertThat(Aggregate.check("a".repeat(253))).hasSize(253);
        assertThatThrownBy(() -> Aggregate.check("a".repeat(254))).hasMessageContaining("254 characters, over the limit of 253");
        assertThatThrownBy(() -> Aggregate.check("")).hasMessageContaining("missing");
        assertThatThrownBy(() -> Aggregate.check("a\"b")).hasMessageContaining("quote");
        assertThatThrownBy(() -> Aggregate.check("a\nb")).hasMessageContaining("control character");
    }

    @Test
    void event_times_are_checked_against_the_calendar() {
        assertThat(EventTime.isValid("2026-11-26T10:00:00.000Z")).isTrue();
        assertThat(EventTime.isValid("2024-02-29T23:59:59.999Z")).isTrue();
        assertThat(EventTime.isValid("2026-02-29T00:00:00.000Z")).isFalse();
        assertThat(EventTime.isValid("2026-11-26T24:00:00.000Z")).isFalse();
        assertThat(EventTime.isValid("2026-11-26T10:00:00Z")).isFalse();
        assertThat(EventTime.isValid("2026-11-26T10:00:00.000+00:00")).isFalse();
    }

    @Test
    void member_names_shared_between_parses_keep_every_rule() {
        String doc = "{\"alpha\":1,\"beta\":{\"alpha\":2},\"" + "k".repeat(32) + "\":3,\"" + "k".repeat(33) + "\":4,\"\uD83D\uDE00\":5}";
        Map<String, Object> first = Json.parseObject(doc, 8);
        Map<String, Object> again = Json.parseObject(doc, 8);
        assertThat(again).isEqualTo(first).containsKeys("alpha", "k".repeat(32), "k".repeat(33), "\uD83D\uDE00");
        assertThat(again.keySet().iterator().next()).isSameAs(first.keySet().iterator().next());
        // A duplicate is a duplicate whether a name is new, shared or spelled with an escape.
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> Json.parse("{\"alpha\":1,\"alpha\":2}", 8)).hasMessageContaining("duplicate key \"alpha\"");
            assertThatThrownBy(() -> Json.parse("{\"alpha\":1,\"alph\\u0061\":2}", 8)).hasMessageContaining("duplicate key \"alpha\"");
        }
        assertThatThrownBy(() -> Json.parse("{\"a\uD83D\":1}", 8)).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> Json.parse("{\"alpha", 8)).hasMessageContaining("unterminated string");
    }

    @Test
    void small_and_large_objects_behave_as_ordered_read_only_maps() {
        for (int members : new int[] {1, 7, 8, 9, 20}) {
            LinkedHashMap<String, Object> expected = new LinkedHashMap<>();
            StringBuilder text = new StringBuilder("{");
            for (int i = 0; i < members; i++) {
                String key = "k" + (members - i) + (i % 2 == 0 ? "é" : "");
                expected.put(key, i % 3 == 0 ? (Object) (long) i : i % 3 == 1 ? "v" + i : Json.NULL);
                text.append(i > 0 ? "," : "").append('"').append(key).append("\":").append(i % 3 == 0 ? String.valueOf(i) : i % 3 == 1 ? "\"v" + i + "\"" : "null");
            }
            Map<String, Object> parsed = Json.parseObject(text.append('}').toString(), 8);
            assertThat(parsed).as("%d members", members).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(expected).isEqualTo(parsed);
            assertThat(parsed.keySet()).containsExactlyElementsOf(expected.keySet());
            assertThat(parsed.values()).containsExactlyElementsOf(expected.values());
            assertThat(parsed.entrySet()).containsExactlyElementsOf(expected.entrySet());
            assertThat(parsed.get("absent")).isNull();
            assertThat(parsed.containsKey(new String(expected.keySet().iterator().next()))).isTrue();
            assertThatThrownBy(() -> parsed.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> parsed.keySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
            // A repeated name is refused wherever it falls: among the first eight or after them.
            String last = "\"" + parsed.keySet().stream().reduce((a, b) -> b).orElseThrow() + "\":0}";
            String duplicated = text.substring(0, text.length() - 1) + "," + last;
            assertThatThrownBy(() -> Json.parse(duplicated, 8)).hasMessageContaining("duplicate key");
        }
        assertThat(Json.parseObject("{}", 8)).isEmpty();
    }
}
