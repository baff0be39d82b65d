package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chain verifier finds the first break and says which kind. */
class ChainVerifierTest {
    private static final String TIME = "2026-11-26T10:00:00.000Z";

    @Test
    void an_honest_chain_verifies_to_its_head() {
        List<Event> chain = chain(5);
        ChainVerifier v = new ChainVerifier();
        chain.forEach(e -> assertThat(v.accept(e)).isEmpty());
        assertThat(v.checked()).isEqualTo(5);
        assertThat(v.head()).isEqualTo(chain.get(4).hash());
    }

    @Test
    void a_modified_payload_is_reported_as_a_hash_mismatch_at_its_seq() {
        List<Event> chain = chain(5);
        Event e = chain.get(2);
        chain.set(2, new Event(1, e.seq(), e.type(), e.aggregate(), e.time(), e.epoch(), new CanonicalJson("{\"n\":99}"), e.meta(), e.prev(), e.hash()));
        assertThat(firstBreak(chain)).hasValueSatisfying(b -> {
            assertThat(b.seq()).isEqualTo(3);
            assertThat(b.reason()).startsWith("hash mismatch");
        });
    }

    @Test
    void a_rehashed_replacement_is_caught_by_the_next_link() {
        List<Event> chain = chain(5);
        Event e = chain.get(2);
        Event forged = Event.seal(new NewEvent(e.type(), e.aggregate(), new CanonicalJson("{\"n\":99}"), e.meta()), e.seq(), e.time(), e.epoch(), e.prev());
        chain.set(2, forged);
        assertThat(firstBreak(chain)).hasValueSatisfying(b -> {
            assertThat(b.seq()).isEqualTo(4);
            assertThat(b.reason()).contains("does not link");
        });
    }

    @Test
    void a_missing_event_is_named() {
        List<Event> chain = chain(5);
        chain.remove(1);
        assertThat(firstBreak(chain)).hasValueSatisfying(b -> {
            assertThat(b.seq()).isEqualTo(2);
            assertThat(b.reason()).contains("event 2 is missing");
        });
    }

    @Test
    void a_repeated_event_is_named() {
        List<Event> chain = chain(3);
        chain.add(2, chain.get(1));
        assertThat(firstBreak(chain)).hasValueSatisfying(b -> assertThat(b.reason()).contains("appears again"));
    }

    private static Optional<ChainBreak> firstBreak(List<Event> chain) {
        ChainVerifier v = new ChainVerifier();
        for (Event e : chain) {
            Optional<ChainBreak> b = v.accept(e);
            if (b.isPresent()) {
                return b;
            }
        }
        return Optional.empty();
    }

    static List<Event> chain(int n) {
        List<Event> out = new ArrayList<>();
        String prev = Sha256.ZERO_HEX;
        for (int i = 1; i <= n; i++) {
            Event e = Event.seal(new NewEvent("Step", "operator", new CanonicalJson("{\"n\":" + i + "}"), CanonicalJson.EMPTY), i, TIME, 0, prev);
            out.add(e);
            prev = e.hash();
        }
        return out;
    }
}
