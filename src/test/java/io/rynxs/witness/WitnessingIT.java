package io.rynxs.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.rynxs.checkpoint.CosignerKey;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.SignedNote;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.merkle.Hash32;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.Cosignatures;
import io.rynxs.store.EventStore;
import io.rynxs.store.StateHistory;
import io.rynxs.store.StoreOptions;
import io.rynxs.tlog.Policy;
import io.rynxs.witness.WitnessClient.Answer;
import io.rynxs.witness.WitnessClient.Cosigned;
import io.rynxs.witness.WitnessClient.Refused;
import io.rynxs.witness.WitnessMetrics.Failure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The product's witness client and {@link Witnessing} against {@link TestWitness}, a spec-following C2SP tlog-witness that
 * shares no code with them, over real HTTP on loopback, with a real SQLite log signing real checkpoints.
 */
@Timeout(60) // a round that never returns (e.g. a deadlock between cosign and its witness threads) fails, not hangs
class WitnessingIT {
    private static final Ed25519Signer LOG_KEY = Ed25519Signer.fromSeed("rynxs.example/witnessed", new byte[32]);
    /** A key of the same origin the witness may trust instead: the log's signature then does not verify. */
    private static final Ed25519Signer IMPOSTOR = Ed25519Signer.fromSeed("rynxs.example/witnessed", filled(7));
    private static final String ORIGIN = LOG_KEY.verifierKey().name();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private EventStore store;
    private Checkpoints checkpoints;
    private long appended;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final WitnessClient client = new WitnessClient(TIMEOUT);
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void openLog() {
        store = EventStore.open(StoreOptions.of(dir.resolve("log.db")));
        checkpoints = new Checkpoints(store, new StateHistory(store, SnapshotPolicy.DEFAULT), clock);
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
        store.close();
    }

    @Test
    void bootstrap_with_a_fresh_witness_the_first_old_size_0_is_cosigned_directly() {
        TestWitness w1 = witness("w1");
        Witnessing witnessing = witnessing(policy("quorum w1", w1), Duration.ZERO);
        byte[] note = checkpointAt(3);

        Optional<byte[]> published = witnessing.cosign(3, note);

        assertThat(published).isPresent();
        assertThat(w1.statuses()).containsExactly(200);
        assertThat(w1.latestSize(ORIGIN)).isEqualTo(3);
        assertThat(witnessing.knownSize("w1")).hasValue(3L);
        assertThat(SignedNote.signers(published.get(), List.of(key(w1)))).containsExactly(key(w1));
        assertThat(metrics.cosigned).containsExactly("w1");
        assertThat(metrics.quorum).containsExactly(true);
        assertThat(metrics.failures).isEmpty();
    }

    @Test
    void bootstrap_with_a_witness_that_already_holds_a_size_409_tells_it_and_the_resend_from_there_is_cosigned() {
        TestWitness w1 = witness("w1");
        assertThat(client.addCheckpoint(w1.url(), 0, List.of(), checkpointAt(3))).isInstanceOf(Cosigned.class);
        Witnessing witnessing = witnessing(policy("quorum w1", w1), Duration.ZERO);

        Optional<byte[]> published = witnessing.cosign(7, checkpointAt(7));

        assertThat(published).isPresent();
        assertThat(w1.statuses()).as("seed, then old 0 -> 409 (size 3), then old 3 with a proof").containsExactly(200, 409, 200);
        assertThat(w1.latestSize(ORIGIN)).isEqualTo(7);
        assertThat(witnessing.knownSize("w1")).hasValue(7L);
        assertThat(SignedNote.signers(published.get(), List.of(key(w1)))).containsExactly(key(w1));
        assertThat(metrics.failures).isEmpty();
    }

    @Test
    void a_stale_old_size_after_the_witness_advanced_is_corrected_by_409_and_the_resend_is_cosigned() {
        TestWitness w1 = witness("w1");
        Policy policy = policy("quorum w1", w1);
        Witnessing first = witnessing(policy, Duration.ZERO);
        assertThat(first.cosign(3, checkpointAt(3))).isPresent();

        // A second instance (a restart: no memory) while the first still believes 3.
        Witnessing second = witnessing(policy, Duration.ZERO);
        assertThat(second.cosign(5, checkpointAt(5))).isPresent();
        assertThat(w1.statuses()).containsExactly(200, 409, 200);
        assertThat(first.knownSize("w1")).hasValue(3L);

        assertThat(first.cosign(7, checkpointAt(7))).isPresent();
        assertThat(w1.statuses()).as("old 3 is stale: 409 (size 5), then old 5 with a proof").containsExactly(200, 409, 200, 409, 200);
        assertThat(w1.latestSize(ORIGIN)).isEqualTo(7);
        assertThat(first.knownSize("w1")).hasValue(7L);
        assertThat(metrics.failures).isEmpty();
    }

    @Test
    void a_tampered_consistency_proof_is_refused_with_422_and_the_witness_keeps_its_size() {
        TestWitness w1 = witness("w1");
        assertThat(client.addCheckpoint(w1.url(), 0, List.of(), checkpointAt(3))).isInstanceOf(Cosigned.class);
        byte[] note = checkpointAt(7);
        List<Hash32> proof = store.consistencyProof(3, 7).hashes();
        assertThat(proof).isNotEmpty();
        List<Hash32> tampered = new ArrayList<>(proof);
        byte[] flipped = tampered.get(0).bytes();
        flipped[flipped.length - 1] ^= 1;
        tampered.set(0, new Hash32(flipped));

        Answer bad = client.addCheckpoint(w1.url(), 3, tampered, note);
        Answer short_ = client.addCheckpoint(w1.url(), 3, proof.subList(0, proof.size() - 1), note);

        assertThat(bad).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.status()).isEqualTo(422));
        assertThat(short_).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.status()).isEqualTo(422));
        assertThat(w1.latestSize(ORIGIN)).isEqualTo(3);
        assertThat(client.addCheckpoint(w1.url(), 3, proof, note)).as("the untampered proof").isInstanceOf(Cosigned.class);
        assertThat(w1.statuses()).containsExactly(200, 422, 422, 200);
    }

    @Test
    void a_witness_that_trusts_another_key_for_the_origin_refuses_with_403_recorded_as_forbidden() {
        TestWitness w1 = TestWitness.start("witness.example/w1");
        open.add(w1);
        w1.trustLog(IMPOSTOR.verifierKey().toString());
        byte[] note = checkpointAt(3);
        assertThat(client.addCheckpoint(w1.url(), 0, List.of(), note))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.status()).isEqualTo(403));

        Witnessing witnessing = witnessing(policy("quorum w1", w1), Duration.ZERO);
        assertThat(witnessing.cosign(3, note)).isEmpty();

        assertThat(metrics.failures).containsExactly("w1 " + Failure.FORBIDDEN);
        assertThat(metrics.quorum).containsExactly(false);
        assertThat(witnessing.pending()).isTrue();
        assertThat(new Cosignatures(store).of(3, SignedNote.text(note))).isEmpty();
        assertThat(w1.latestSize(ORIGIN)).isZero();
    }

    @Test
    void a_witness_that_does_not_know_the_origin_refuses_with_404_recorded_as_unknown_log() {
        TestWitness w1 = TestWitness.start("witness.example/w1");
        open.add(w1);
        w1.trustLog(Ed25519Signer.fromSeed("rynxs.example/other", new byte[32]).verifierKey().toString());
        Witnessing witnessing = witnessing(policy("quorum w1", w1), Duration.ZERO);

        assertThat(witnessing.cosign(3, checkpointAt(3))).isEmpty();

        assertThat(w1.statuses()).containsExactly(404);
        assertThat(metrics.failures).containsExactly("w1 " + Failure.UNKNOWN_LOG);
    }

    @Test
    void quorum_met_publishes_the_note_with_both_cosignatures_each_verifying_and_stored() {
        TestWitness w1 = witness("w1");
        TestWitness w2 = witness("w2");
        Witnessing witnessing = witnessing(policy("group both all w1 w2\nquorum both", w1, w2), Duration.ZERO);
        byte[] note = checkpointAt(3);
        String body = SignedNote.text(note);

        Optional<byte[]> published = witnessing.cosign(3, note);

        assertThat(published).isPresent();
        List<String> lines = SignedNote.signatureLines(published.get());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(SignedNote.signatureLines(note).get(0));
        assertThat(SignedNote.signers(published.get(), List.of(LOG_KEY.verifierKey()))).containsExactly(LOG_KEY.verifierKey());
        assertThat(SignedNote.signers(published.get(), List.of(key(w1), key(w2)))).containsExactly(key(w1), key(w2));
        for (TestWitness w : List.of(w1, w2)) {
            String line = lines.stream().filter(l -> l.startsWith("\u2014 " + w.name() + " ")).findFirst().orElseThrow();
            byte[] alone = (body + "\n" + line).getBytes(StandardCharsets.UTF_8);
            assertThat(SignedNote.signers(alone, List.of(key(w)))).as("line of %s alone", w.name()).containsExactly(key(w));
        }
        assertThat(new Cosignatures(store).of(3, body)).extracting(Cosignatures.Line::witness, Cosignatures.Line::line)
                .containsExactly(
                        tuple("w1", lines.get(1)),
                        tuple("w2", lines.get(2)));
        assertThat(metrics.cosigned).containsExactlyInAnyOrder("w1", "w2");
        assertThat(metrics.quorum).containsExactly(true);
        assertThat(witnessing.pending()).isFalse();
    }

    @Test
    void quorum_missed_when_one_of_two_required_witnesses_is_unavailable() {
        TestWitness w1 = witness("w1");
        TestWitness w2 = witness("w2");
        w2.misbehave(TestWitness.Mode.UNAVAILABLE);
        Witnessing witnessing = witnessing(policy("group both all w1 w2\nquorum both", w1, w2), Duration.ZERO);
        byte[] note = checkpointAt(3);

        assertThat(witnessing.cosign(3, note)).isEmpty();

        assertThat(w2.statuses()).containsExactly(503);
        assertThat(metrics.failures).containsExactly("w2 " + Failure.UNAVAILABLE);
        assertThat(metrics.quorum).containsExactly(false);
        assertThat(witnessing.pending()).isTrue();
        assertThat(new Cosignatures(store).of(3, SignedNote.text(note))).extracting(Cosignatures.Line::witness)
                .as("w1's good cosignature is kept for the next round").containsExactly("w1");
    }

    @ParameterizedTest
    @EnumSource(value = TestWitness.Mode.class, names = {"WRONG_KEY", "GARBAGE"})
    void a_200_without_a_verifying_cosignature_is_a_bad_cosignature_and_nothing_is_stored(TestWitness.Mode mode) {
        TestWitness w1 = witness("w1");
        w1.misbehave(mode);
        Witnessing witnessing = witnessing(policy("quorum w1", w1), Duration.ZERO);
        byte[] note = checkpointAt(3);

        assertThat(witnessing.cosign(3, note)).isEmpty();

        assertThat(w1.statuses()).containsExactly(200);
        assertThat(metrics.failures).containsExactly("w1 " + Failure.BAD_COSIGNATURE);
        assertThat(metrics.cosigned).isEmpty();
        assertThat(metrics.quorum).containsExactly(false);
        assertThat(new Cosignatures(store).of(3, SignedNote.text(note))).isEmpty();
        assertThat(witnessing.knownSize("w1")).as("a bad answer teaches nothing").isEmpty();
    }

    @Test
    void a_second_round_within_the_interval_is_not_sent_and_is_sent_once_the_clock_has_advanced() {
        TestWitness w1 = witness("w1");
        Witnessing witnessing = witnessing(policy("quorum w1", w1), Duration.ofMinutes(1));
        assertThat(witnessing.cosign(3, checkpointAt(3))).isPresent();
        assertThat(witnessing.pending()).isFalse();

        byte[] five = checkpointAt(5);
        clock.advance(Duration.ofSeconds(59));
        assertThat(witnessing.cosign(5, five)).isEmpty();
        assertThat(witnessing.pending()).isTrue();
        assertThat(w1.statuses()).as("nothing sent before the interval").containsExactly(200);
        assertThat(w1.latestSize(ORIGIN)).isEqualTo(3);

        clock.advance(Duration.ofSeconds(1));
        Optional<byte[]> published = witnessing.cosign(5, five);
        assertThat(published).isPresent();
        assertThat(witnessing.pending()).isFalse();
        assertThat(w1.statuses()).as("old 3 with a proof, remembered from the first round").containsExactly(200, 200);
        assertThat(w1.latestSize(ORIGIN)).isEqualTo(5);
    }

    // --- helpers

    private TestWitness witness(String policyName) {
        TestWitness w = TestWitness.start("witness.example/" + policyName);
        open.add(w);
        w.trustLog(LOG_KEY.verifierKey().toString());
        return w;
    }

    /** Policy text for {@code witnesses} named w1, w2, … in order, followed by {@code tail} (group and quorum lines). */
    private static Policy policy(String tail, TestWitness... witnesses) {
        StringBuilder text = new StringBuilder("log ").append(LOG_KEY.verifierKey()).append('\n');
        for (int i = 0; i < witnesses.length; i++) {
            text.append("witness w").append(i + 1).append(' ').append(witnesses[i].vkey()).append(' ').append(witnesses[i].url()).append('\n');
        }
        return Policy.parse(text.append(tail).append('\n').toString());
    }

    private Witnessing witnessing(Policy policy, Duration interval) {
        Witnessing w = new Witnessing(policy, store, client, interval, clock, metrics);
        open.add(w);
        return w;
    }

    /** The log grown to {@code size} events and its signed checkpoint at that size. */
    private byte[] checkpointAt(long size) {
        for (; appended < size; appended++) {
            store.appendAsync(new NewEvent("audit.Step", "operator", new CanonicalJson("{\"i\":" + appended + "}"), CanonicalJson.EMPTY))
                    .join();
        }
        return checkpoints.createAt(size, LOG_KEY).note().getBytes(StandardCharsets.UTF_8);
    }

    private static CosignerKey key(TestWitness w) {
        return CosignerKey.parse(w.vkey());
    }

    private static byte[] filled(int value) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) value);
        return seed;
    }

    /** What witnessing reported, as "witness REASON" strings and in order (calls come from the witness threads). */
    private static final class RecordingMetrics implements WitnessMetrics {
        final List<String> cosigned = Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> quorum = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void cosigned(String witness) {
            cosigned.add(witness);
        }

        @Override
        public void failed(String witness, Failure reason) {
            failures.add(witness + " " + reason);
        }

        @Override
        public void quorumMet(boolean met) {
            quorum.add(met);
        }
    }

    /** A clock that moves only when told to. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
