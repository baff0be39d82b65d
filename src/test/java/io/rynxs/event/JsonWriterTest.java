package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    record Inner(String name, long n) {}

    record Outer(boolean ok, Long seq, Object next, List<Inner> items, Map<String, Object> extra) {}

    @Test
    void a_record_is_an_object_of_its_components_in_declaration_order() {
        String json = Json.write(new Outer(true, 7L, Json.NULL, List.of(new Inner("a", 1), new Inner("b\"", 2)), Map.of("k", "v")));
        assertThat(json).isEqualTo("{\"ok\":true,\"seq\":7,\"next\":null,\"items\":[{\"name\":\"a\",\"n\":1},{\"name\":\"b\\\"\",\"n\":2}],"
                + "\"extra\":{\"k\":\"v\"}}");
    }

    @Test
    void a_null_component_is_left_out_and_json_null_is_written() {
        assertThat(Json.write(new Outer(false, null, null, List.of(), Map.of()))).isEqualTo("{\"ok\":false,\"items\":[],\"extra\":{}}");
        assertThat(Json.write(new Outer(false, null, Json.NULL, List.of(), Map.of()))).contains("\"next\":null");
    }

    @Test
    void a_record_round_trips_through_the_parser() {
        Map<String, Object> back = Json.parseObject(Json.write(new Inner("x", 42)), 4);
        assertThat(back).containsExactly(Map.entry("name", "x"), Map.entry("n", 42L));
    }
}
