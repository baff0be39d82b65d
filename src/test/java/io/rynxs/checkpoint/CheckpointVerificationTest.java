package io.rynxs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointVerificationTest {

    static final Checkpoint GOLDEN = CheckpointTest.GOLDEN;
    static final byte[] NOTE = CheckpointTest.GOLDEN_NOTE.getBytes(StandardCharsets.UTF_8);
    static final VerifierKey KEY = CheckpointTest.KEY;

    /** A log that agrees with the golden checkpoint unless a test changes a fact, and records what it was asked. */
    static final class FakeLog implements LogFacts {
        long head = 3;
        byte[] root = GOLDEN.root();
        String chain = GOLDEN.chainHash();
        String state = GOLDEN.stateHash();
        final List<String> asked = new ArrayList<>();

        @Override
        public long headSize() {
            asked.add("head");
            return head;
        }

        @Override
        public byte[] rootAt(long size) {
            asked.add("root@" + size);
            return root.clone();
        }

        @Override
        public String chainHashAt(long seq) {
            asked.add("chain@" + seq);
            return chain;
        }

        @Override
        public String stateHashAt(long seq) {
            asked.add("state@" + seq);
            return state;
        }
    }

    @Test
    void a_checkpoint_matching_the_log_verifies() {
        FakeLog log = new FakeLog();

        VerificationResult result = CheckpointVerification.verify(NOTE, KEY, log);

        assertThat(result.ok()).isTrue();
        assertThat(result.code()).isEqualTo(CheckpointCode.OK);
        assertThat(log.asked).containsExactly("head", "root@3", "chain@3", "state@3");
    }

    @Test
    void a_checkpoint_beyond_the_head_is_reported_before_anything_else_is_asked() {
        FakeLog log = new FakeLog();
        log.head = 2;
        log.root = new byte[32];

        VerificationResult result = CheckpointVerification.verify(GOLDEN, log);

        assertThat(result.code()).isEqualTo(CheckpointCode.BEYOND_HEAD);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).startsWith("verify checkpoint rynxs.example/test@3: ").contains("head 2");
        assertThat(log.asked).containsExactly("head");
    }

    @Test
    void a_log_longer_than_the_checkpoint_is_checked_at_the_checkpoint_size() {
        FakeLog log = new FakeLog();
        log.head = 10;

        assertThat(CheckpointVerification.verify(GOLDEN, log).ok()).isTrue();
        assertThat(log.asked).contains("root@3", "chain@3", "state@3");
    }

    @Test
    void a_different_root_is_a_root_mismatch_even_when_chain_and_state_differ_too() {
        FakeLog log = new FakeLog();
        log.root[31] ^= 1;
        log.chain = "00".repeat(32);
        log.state = "00".repeat(32);

        assertThat(CheckpointVerification.verify(GOLDEN, log).code()).isEqualTo(CheckpointCode.ROOT_MISMATCH);
        assertThat(log.asked).doesNotContain("chain@3", "state@3");
    }

    @Test
    void a_different_chain_hash_is_a_chain_mismatch_and_skips_the_replay() {
        FakeLog log = new FakeLog();
        log.chain = "ab".repeat(31) + "ac";
        log.state = "00".repeat(32);

        assertThat(CheckpointVerification.verify(GOLDEN, log).code()).isEqualTo(CheckpointCode.CHAIN_MISMATCH);
        assertThat(log.asked).doesNotContain("state@3");
    }

    @Test
    void a_different_state_hash_is_a_state_mismatch() {
        FakeLog log = new FakeLog();
        log.state = "cd".repeat(31) + "ce";

        VerificationResult result = CheckpointVerification.verify(GOLDEN, log);

        assertThat(result.code()).isEqualTo(CheckpointCode.STATE_MISMATCH);
        assertThat(result.message()).contains("replay");
    }

    @Test
    void note_failures_come_out_of_the_same_entry_point_without_asking_the_log() {
        FakeLog log = new FakeLog();
        byte[] flipped = SignedNoteTest.flipSignatureByte(NOTE, 10);
        VerifierKey stranger = Ed25519Signer.fromSeed(CheckpointTest.ORIGIN, SignedNoteTest.filled(3)).verifierKey();

        assertThat(CheckpointVerification.verify("junk".getBytes(StandardCharsets.UTF_8), KEY, log).code())
                .isEqualTo(CheckpointCode.MALFORMED);
        assertThat(CheckpointVerification.verify(NOTE, stranger, log).code()).isEqualTo(CheckpointCode.UNKNOWN_KEY);
        assertThat(CheckpointVerification.verify(flipped, KEY, log).code()).isEqualTo(CheckpointCode.BAD_SIGNATURE);
        assertThat(log.asked).isEmpty();
    }
}
