package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/** The fast canonical writer is held byte for byte to the RFC 8785 reference implementation. */
class JcsWriterProperties {

    @Property(tries = 1000)
    void fast_writer_equals_the_reference_library(@ForAll("values") Map<String, Object> value) throws Exception {
        assertThat(JcsWriter.write(value)).isEqualTo(new JsonCanonicalizer(Json.write(value)).getEncodedString());
    }

    @Property(tries = 300)
    void sorted_and_unsorted_maps_give_the_same_bytes(@ForAll("values") Map<String, Object> value) {
        assertThat(JcsWriter.write(new TreeMap<>(value))).isEqualTo(JcsWriter.write(value));
    }

    @Test
    void every_control_character_and_the_utf16_key_order_match_the_reference() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        m.put("controls", controls + "\"\\/\u007f\u2028");
        m.put("\uE000", 1L);
        m.put("\uD83D\uDE00", 2L);
        m.put("numbers", List.of(1e21, 1e-7, 0.1, -0.0, 123456789.125, Json.MAX_SAFE_INTEGER));
        assertThat(JcsWriter.write(m)).isEqualTo(new JsonCanonicalizer(Json.write(m)).getEncodedString());
    }

    @Provide
    Arbitrary<Map<String, Object>> values() {
        Arbitrary<String> strings = Arbitraries.strings().all().ofMaxLength(12).filter(WellFormed::utf16);
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                strings.map(s -> (Object) s),
                Arbitraries.longs().between(-Json.MAX_SAFE_INTEGER, Json.MAX_SAFE_INTEGER).map(l -> (Object) l),
                Arbitraries.doubles().filter(Double::isFinite).map(d -> (Object) d),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE, Json.NULL));
        Arbitrary<Object> inner = Arbitraries.maps(strings, leaves).ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> lists = Arbitraries.oneOf(leaves, inner).list().ofMaxSize(4).map(l -> (Object) List.copyOf(l));
        return Arbitraries.maps(strings, Arbitraries.oneOf(leaves, inner, lists)).ofMaxSize(8).map(m -> new LinkedHashMap<>(m));
    }

}
