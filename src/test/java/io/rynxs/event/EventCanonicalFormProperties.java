package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The writer assembles the envelope by concatenation for speed; this holds it to the RFC 8785
 * reference library over random events, including odd strings in payloads and aggregates.
 */
class EventCanonicalFormProperties {

    @Property(tries = 500)
    void envelope_bytes_equal_the_reference_canonicalization(@ForAll("events") Event e) throws Exception {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("v", 1L);
        all.put("seq", e.seq());
        all.put("type", e.type());
        all.put("aggregate", e.aggregate());
        all.put("time", e.time());
        all.put("epoch", e.epoch());
        all.put("payload", e.payload().toMap());
        all.put("meta", e.meta().toMap());
        all.put("prev", e.prev());
        assertThat(new String(e.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new JsonCanonicalizer(Json.write(all)).getEncodedString());
        all.put("hash", e.hash());
        assertThat(e.line()).isEqualTo(new JsonCanonicalizer(Json.write(all)).getEncodedString());
    }

    @Property(tries = 300)
    void canonical_payload_parses_back_to_itself(@ForAll("payloads") Map<String, Object> payload) {
        CanonicalJson once = CanonicalJson.of(payload);
        CanonicalJson twice = CanonicalJson.parse(once.text(), JsonLimits.DEFAULT, "payload");
        assertThat(twice).isEqualTo(once);
    }

    @Provide
    Arbitrary<Event> events() {
        Arbitrary<String> types = Arbitraries.of("AgentObserved", "ActionsDecided", "audit.ToolInvoked", "legacy.AgentObserved", "X");
        Arbitrary<String> aggregates = Arbitraries.strings().withCharRange('!', '~').withChars('é', '東', '\u00a0')
                .ofMinLength(1).ofMaxLength(40).filter(s -> s.indexOf('"') < 0 && s.indexOf('\\') < 0);
        Arbitrary<Long> seqs = Arbitraries.longs().between(1, Json.MAX_SAFE_INTEGER);
        Arbitrary<Long> epochs = Arbitraries.longs().between(0, 1_000_000);
        Arbitrary<String> prevs = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
        return Combinators.combine(types, aggregates, payloads(), payloads(), seqs, epochs, prevs)
                .as((t, a, p, m, s, ep, pr) -> Event.seal(new NewEvent(t, a, CanonicalJson.of(p), CanonicalJson.of(m)),
                        s, "2026-11-26T10:00:00.000Z", ep, pr));
    }

    @Provide
    Arbitrary<Map<String, Object>> payloads() {
        Arbitrary<String> keys = Arbitraries.strings().all().ofMaxLength(8).filter(WellFormed::utf16);
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).filter(WellFormed::utf16).map(s -> (Object) s),
                Arbitraries.longs().between(-Json.MAX_SAFE_INTEGER, Json.MAX_SAFE_INTEGER).map(l -> (Object) l),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE, Json.NULL),
                Arbitraries.doubles().between(-1e9, 1e9).ofScale(4).map(d -> (Object) d.doubleValue()));
        Arbitrary<Object> lists = leaves.list().ofMaxSize(4).map(l -> (Object) List.copyOf(l));
        return Arbitraries.maps(keys, Arbitraries.oneOf(leaves, lists)).ofMaxSize(6).map(m -> new LinkedHashMap<>(m));
    }

}
