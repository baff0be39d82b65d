package io.rynxs.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.event.Event;
import io.rynxs.merkle.CompactRange;
import io.rynxs.merkle.MerkleHasher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sink cut short or switched does not verify as whole: the head is held to the signed checkpoints the sink still
 * holds and to what an auditor brings, and only checkpoints that verify with the key count as evidence.
 */
class SegmentAnchorsTest {
    private static final String STATE = "a".repeat(64);

    @Test
    void an_intact_sink_verifies_with_its_newest_checkpoint_as_the_anchor_and_reads_no_other() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);

        SegmentReport r = f.verify();

        assertThat(r.failure()).isEmpty();
        assertThat(r.anchors()).extracting(Anchor::source).containsExactly(f.layout.checkpointKey(12));
        assertThat(r.beyondHead()).isEmpty();
        assertThat(r.ignored()).isEmpty();
    }

    @Test
    void a_deleted_last_manifest_is_truncated_at_the_next_seq_naming_the_checkpoint_beyond_the_head() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        f.store.remove(f.layout.manifestKey(9));

        SegmentReport r = f.verify();

        assertFailure(r, SegmentCode.TRUNCATED, f.layout.manifestKey(9), 9);
        assertThat(r.headSeq()).isEqualTo(8);
        assertThat(r.beyondHead()).extracting(Anchor::source, Anchor::size).containsExactly(Tuple.tuple(f.layout.checkpointKey(12), 12L));
        assertThat(r.failure().orElseThrow().reason()).contains("end at seq 8", f.layout.checkpointKey(12) + " (size 12)");
    }

    @Test
    void a_deleted_last_manifest_and_segment_leave_the_same_evidence() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        f.store.remove(f.layout.manifestKey(9));
        f.store.remove(f.layout.segmentKey(9, 12));

        assertFailure(f.verify(), SegmentCode.TRUNCATED, f.layout.manifestKey(9), 9);
    }

    @Test
    void every_manifest_deleted_is_truncated_at_seq_1() {
        SegmentFixture f = SegmentFixture.of(5, 3);
        f.store.remove(f.layout.manifestKey(1));
        f.store.remove(f.layout.manifestKey(6));

        SegmentReport r = f.verify();

        assertFailure(r, SegmentCode.TRUNCATED, f.layout.manifestKey(1), 1);
        assertThat(r.beyondHead()).extracting(Anchor::size).containsExactly(5L, 8L);
        assertThat(r.failure().orElseThrow().reason()).startsWith("the sink holds no segments");
    }

    @Test
    void the_tiled_logs_checkpoint_object_beyond_the_head_is_evidence_too() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        f.put(f.layout.logCheckpointKey(), f.store.get(f.layout.checkpointKey(12)).orElseThrow());
        f.store.remove(f.layout.manifestKey(9));
        f.store.remove(f.layout.checkpointKey(12));

        SegmentReport r = f.verify();

        assertFailure(r, SegmentCode.TRUNCATED, f.layout.manifestKey(9), 9);
        assertThat(r.beyondHead()).extracting(Anchor::source).containsExactly("events/checkpoint");
    }

    @Test
    void a_cut_that_takes_every_checkpoint_along_needs_a_size_from_outside() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        f.store.remove(f.layout.manifestKey(9));
        f.store.remove(f.layout.checkpointKey(12));

        assertThat(f.verify().failure()).as("nothing in the sink says it was longer").isEmpty();
        SegmentReport r = verifier(f).verify(Anchors.SINK.expecting(12));
        assertFailure(r, SegmentCode.TRUNCATED, f.layout.manifestKey(9), 9);
        assertThat(r.failure().orElseThrow().reason()).contains("at least 12 events were expected");
        assertThat(r.beyondHead()).isEmpty();
    }

    @Test
    void an_expected_size_is_a_lower_bound() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);

        assertThat(verifier(f).verify(Anchors.SINK.expecting(12)).failure()).isEmpty();
        assertThat(verifier(f).verify(Anchors.SINK.expecting(3)).failure()).isEmpty();
        assertFailure(verifier(f).verify(Anchors.SINK.expecting(13)), SegmentCode.TRUNCATED, f.layout.manifestKey(13), 13);
    }

    @ParameterizedTest
    @ValueSource(strings = {"another key of the same name", "altered bytes", "another origin"})
    void a_checkpoint_object_beyond_the_head_that_does_not_verify_is_ignored_and_named(String how) {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        Checkpoint at12 = open(f, f.layout.checkpointKey(12));
        f.store.remove(f.layout.manifestKey(9));
        f.store.remove(f.layout.checkpointKey(12));
        byte[] seed = new byte[32];
        seed[0] = 3;
        byte[] note = switch (how) {
            case "another key of the same name" -> at12.sign(Ed25519Signer.fromSeed(at12.origin(), seed));
            case "altered bytes" -> new String(at12.sign(SegmentFixture.SIGNER)).replaceFirst("\n12\n", "\n13\n").getBytes();
            default -> new Checkpoint("rynxs.example/other", 12, at12.root(), at12.chainHash(), STATE)
                    .sign(Ed25519Signer.fromSeed("rynxs.example/other", new byte[32]));
        };
        String key = f.layout.checkpointKey(12);
        f.put(key, note);

        SegmentReport r = f.verify();

        assertThat(r.failure()).as("bytes anyone could have put there prove nothing").isEmpty();
        assertThat(r.headSeq()).isEqualTo(8);
        assertThat(r.ignored()).extracting(IgnoredCheckpoint::checkpoint).containsExactly(key);
        assertThat(r.ignored().get(0).reason()).contains("not signed by the verifier key");
    }

    @Test
    void a_signed_checkpoint_in_the_sink_inside_a_segment_must_carry_the_segments_root() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        String good = f.layout.checkpointKey(7);
        f.put(good, note(f, 7, rootAt(f, 7)));
        assertThat(f.verify().failure()).isEmpty();

        String other = f.layout.checkpointKey(10);
        f.put(other, note(f, 10, rootAt(f, 9)));

        assertFailure(f.verify(), SegmentCode.ROOT_MISMATCH, other, 10);
    }

    @Test
    void a_held_note_must_verify_with_the_key_reach_no_further_than_the_head_and_carry_its_root() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        byte[] at7 = note(f, 7, rootAt(f, 7));
        byte[] seed = new byte[32];
        seed[0] = 5;
        byte[] foreign = Checkpoint.open(at7, SegmentFixture.SIGNER.verifierKey()).sign(Ed25519Signer.fromSeed("rynxs.example/test", seed));

        SegmentReport held = verifier(f).verify(Anchors.SINK.holding("held.note", at7));
        assertThat(held.failure()).isEmpty();
        assertThat(held.anchors()).extracting(Anchor::source).contains("held.note");
        assertFailure(verifier(f).verify(Anchors.SINK.holding("forged.note", note(f, 7, rootAt(f, 6)))), SegmentCode.ROOT_MISMATCH,
                "forged.note", 7);
        assertFailure(verifier(f).verify(Anchors.SINK.holding("foreign.note", foreign)), SegmentCode.CHECKPOINT_INVALID, "foreign.note", 0);

        f.store.remove(f.layout.manifestKey(9));
        f.store.remove(f.layout.checkpointKey(12));
        SegmentReport beyond = verifier(f).verify(Anchors.SINK.holding("later.note", note(f, 12, rootAt(f, 12))));
        assertFailure(beyond, SegmentCode.TRUNCATED, f.layout.manifestKey(9), 9);
        assertThat(beyond.beyondHead()).extracting(Anchor::source).containsExactly("later.note");
    }

    @Test
    void a_signed_note_whose_chain_line_is_not_the_event_at_its_size_is_invalid() {
        SegmentFixture f = SegmentFixture.of(5, 3);
        byte[] note = new Checkpoint(SegmentFixture.SIGNER.verifierKey().name(), 6, rootAt(f, 6), f.events.get(0).hash(), STATE)
                .sign(SegmentFixture.SIGNER);

        assertFailure(verifier(f).verify(Anchors.NONE.holding("odd.note", note)), SegmentCode.CHECKPOINT_INVALID, "odd.note", 6);
    }

    @Test
    void verifying_up_to_a_seq_does_not_hold_it_to_the_sinks_checkpoints_beyond_but_does_to_held_notes() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        f.store.remove(f.layout.manifestKey(9));
        List<Long> seen = new ArrayList<>();

        SegmentReport r = verifier(f).verifyChecked(7, Anchors.SINK, (m, events, note) -> {
            seen.add(m.last());
            return null;
        });
        assertThat(r.failure()).isEmpty();
        assertThat(seen).containsExactly(5L, 8L);

        seen.clear();
        SegmentReport held = verifier(f).verifyChecked(3, Anchors.SINK.holding("held.note", note(f, 7, rootAt(f, 7))), (m, events, note) -> {
            seen.add(m.last());
            return null;
        });
        assertThat(held.failure()).isEmpty();
        assertThat(seen).as("verified as far as the held note, past toSeq").containsExactly(5L, 8L);
    }

    /**
     * A shipper writing the next segment (segment, manifest, checkpoint, then the tiled checkpoint) while the sink is
     * verified, after any of the verifier's first store calls: never a cut tail, since checkpoints are listed first.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void a_segment_shipped_while_verifying_is_never_taken_for_a_cut_tail(int afterCall) {
        SegmentFixture f = SegmentFixture.of(5, 3, 4, 2);
        Map<String, byte[]> next = new LinkedHashMap<>();
        for (String key : List.of(f.layout.segmentKey(13, 14), f.layout.manifestKey(13), f.layout.checkpointKey(14))) {
            next.put(key, f.store.get(key).orElseThrow());
            f.store.remove(key);
        }
        next.put(f.layout.logCheckpointKey(), next.get(f.layout.checkpointKey(14)));
        f.put(f.layout.logCheckpointKey(), f.store.get(f.layout.checkpointKey(12)).orElseThrow());
        ObjectStore shipping = new ShippingDuringVerify(f.store, afterCall, next);

        SegmentReport r = new SegmentVerifier(shipping, f.layout, SegmentFixture.SIGNER.verifierKey(), 1).verify();

        assertThat(r.failure()).as("after call %d", afterCall).isEmpty();
        assertThat(r.headSeq()).isIn(12L, 14L);
    }

    /** Passes calls to {@code store}, and after the n-th one writes {@code next} in order, as a shipper would. */
    private static final class ShippingDuringVerify implements ObjectStore {
        private final MemoryObjectStore store;
        private final int after;
        private final Map<String, byte[]> next;
        private final AtomicInteger calls = new AtomicInteger();

        ShippingDuringVerify(MemoryObjectStore store, int after, Map<String, byte[]> next) {
            this.store = store;
            this.after = after;
            this.next = next;
        }

        private <T> T counted(T result) {
            if (calls.incrementAndGet() == after) {
                synchronized (store) {
                    next.forEach(store::replace);
                }
            }
            return result;
        }

        @Override
        public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replace(String key, byte[] bytes, String sha256) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> get(String key) {
            return counted(store.get(key));
        }

        @Override
        public boolean exists(String key) {
            return counted(store.exists(key));
        }

        @Override
        public List<String> list(String prefix) {
            return counted(store.list(prefix));
        }

        @Override
        public String describe() {
            return "shipping";
        }
    }

    private static SegmentVerifier verifier(SegmentFixture f) {
        return new SegmentVerifier(f.store, f.layout, SegmentFixture.SIGNER.verifierKey(), 1);
    }

    private static Checkpoint open(SegmentFixture f, String key) {
        return Checkpoint.open(f.store.get(key).orElseThrow(), SegmentFixture.SIGNER.verifierKey());
    }

    private static byte[] rootAt(SegmentFixture f, int size) {
        CompactRange tree = CompactRange.empty();
        for (Event e : f.events.subList(0, size)) {
            tree.append(MerkleHasher.leafHash(e.hashBytes()));
        }
        return tree.root().bytes();
    }

    private static byte[] note(SegmentFixture f, int size, byte[] root) {
        return new Checkpoint(SegmentFixture.SIGNER.verifierKey().name(), size, root, f.events.get(size - 1).hash(), STATE)
                .sign(SegmentFixture.SIGNER);
    }

    private static void assertFailure(SegmentReport r, SegmentCode code, String segment, long seq) {
        assertThat(r.failure()).as("a failure").isPresent();
        SegmentFailure failure = r.failure().get();
        assertThat(failure.code()).as(failure.toString()).isEqualTo(code);
        assertThat(failure.segment()).as(failure.toString()).isEqualTo(segment);
        assertThat(failure.seq()).as(failure.toString()).isEqualTo(seq);
    }
}
