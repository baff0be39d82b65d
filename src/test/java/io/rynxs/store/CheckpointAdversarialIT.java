package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointCode;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.SignedNote;
import io.rynxs.checkpoint.VerificationResult;
import io.rynxs.decision.OperatorWorkload;
import io.rynxs.state.SnapshotPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every checkpoint verification code (docs/DESIGN.md, Checkpoints), each produced by its own tampering of the note, the key or the database. */
class CheckpointAdversarialIT {
    private static final Ed25519Signer KEY = Ed25519Signer.fromSeed("rynxs.example/test", new byte[32]);

    @TempDir
    Path dir;
    Path db;
    String note;

    @BeforeEach
    void signACheckpointAtSize60() {
        db = dir.resolve("log.db");
        try (Log log = Log.open(db)) {
            new OperatorWorkload(5).append(log.store::appendAsync, 60);
            note = log.checkpoints.create(KEY).note();
            assertThat(log.checkpoints.verify(bytes(note), KEY.verifierKey()).result().code()).isEqualTo(CheckpointCode.OK);
        }
    }

    @Test
    void flipped_signature_bytes_give_bad_signature() {
        String sigLine = note.substring(note.indexOf("— "));
        String[] parts = sigLine.strip().split(" ");
        byte[] sig = Base64.getDecoder().decode(parts[2]);
        sig[10] ^= 1;
        String forged = note.replace(parts[2], Base64.getEncoder().encodeToString(sig));
        assertThat(verify(forged).code()).isEqualTo(CheckpointCode.BAD_SIGNATURE);
    }

    @Test
    void a_note_checked_with_another_key_gives_unknown_key() {
        Ed25519Signer other = Ed25519Signer.fromSeed("rynxs.example/test", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        try (Log log = Log.open(db)) {
            assertThat(log.checkpoints.verify(bytes(note), other.verifierKey()).result().code()).isEqualTo(CheckpointCode.UNKNOWN_KEY);
        }
    }

    @Test
    void an_altered_note_line_gives_bad_signature_and_a_broken_layout_gives_malformed() {
        assertThat(verify(note.replace("\n60\n", "\n59\n")).code()).isEqualTo(CheckpointCode.BAD_SIGNATURE);
        assertThat(verify(note.replace("\n60\n", "\n060\n")).code()).isEqualTo(CheckpointCode.BAD_SIGNATURE);
        assertThat(verify(note.replace("\n\n— ", "\n— ")).code()).isEqualTo(CheckpointCode.MALFORMED);
        String body = note.substring(0, note.indexOf("\n\n") + 1).replace("rynxs-state ", "rynxs-stat ");
        String resigned = new String(SignedNote.sign(body, List.of(KEY)), StandardCharsets.UTF_8);
        assertThat(verify(resigned).code()).as("signed by the right key but not a checkpoint").isEqualTo(CheckpointCode.MALFORMED);
    }

    /** 60 = 32 + 16 + 8 + 4: the root reads the stored nodes (5,0) and (4,2); (3,6) and (2,14) come from event hashes. */
    @Test
    void a_modified_merkle_node_gives_root_mismatch() throws Exception {
        sql("DROP TRIGGER merkle_nodes_no_update", "UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 5 AND idx = 0");
        assertThat(verify(note).code()).isEqualTo(CheckpointCode.ROOT_MISMATCH);
    }

    /**
     * A modified event hash also changes the root (the lowest tree levels are recomputed from event
     * hashes), so the chain check is reached by a note that binds the right root to another chain head.
     */
    @Test
    void a_note_whose_chain_line_disagrees_with_the_log_gives_chain_mismatch() {
        Checkpoint honest = Checkpoint.open(bytes(note), KEY.verifierKey());
        Checkpoint forged = new Checkpoint(honest.origin(), honest.treeSize(), honest.root(),
                "ab".repeat(32), honest.stateHash());
        assertThat(verify(new String(forged.sign(KEY), StandardCharsets.UTF_8)).code()).isEqualTo(CheckpointCode.CHAIN_MISMATCH);
    }

    @Test
    void a_modified_event_hash_is_caught_by_the_root() throws Exception {
        sql("DROP TRIGGER events_no_update", "UPDATE events SET hash = '" + "ab".repeat(32) + "' WHERE seq = 60");
        assertThat(verify(note).code()).isEqualTo(CheckpointCode.ROOT_MISMATCH);
    }

    @Test
    void a_modified_payload_is_named_by_seq_because_the_root_is_rebuilt_from_the_rows() throws Exception {
        sql("DROP TRIGGER events_no_update", "UPDATE events SET payload = replace(payload, '\"result\":\"updated\"', '\"result\":\"created\"') WHERE seq = 59");
        VerificationResult r = verify(note);
        assertThat(r.code()).isEqualTo(CheckpointCode.ROOT_MISMATCH);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("HASH_MISMATCH at seq 59");
    }

    @Test
    void a_truncated_log_gives_beyond_head() throws Exception {
        sql("DROP TRIGGER events_no_delete", "DROP TRIGGER merkle_nodes_no_delete",
                "DELETE FROM events WHERE seq > 50", "DELETE FROM merkle_nodes WHERE (idx + 1) * (1 << level) > 50");
        assertThat(verify(note).code()).isEqualTo(CheckpointCode.BEYOND_HEAD);
    }

    @Test
    void a_rewritten_merkle_node_refuses_the_store_at_open_and_no_second_root_is_signed() throws Exception {
        sql("DROP TRIGGER merkle_nodes_no_update", "UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 4 AND idx = 2");
        try (Log log = Log.open(db)) {
            assertThat(log.store.integrity().refused()).isTrue();
            assertThatThrownBy(() -> log.checkpoints.create(KEY)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("ROOT_MISMATCH at seq 60 (checkpoint 60)");
        }
    }

    @Test
    void signing_with_a_key_of_another_name_is_refused() {
        try (Log log = Log.open(db)) {
            log.store.append(AppendRequest.of(StoreMerkleIT.event(1)));
            Ed25519Signer stranger = Ed25519Signer.fromSeed("someone.else/log", new byte[32]);
            assertThatThrownBy(() -> log.checkpoints.create(stranger)).hasMessageContaining("this log's origin is \"rynxs.example/test\"");
        }
    }

    private VerificationResult verify(String text) {
        try (Log log = Log.open(db)) {
            return log.checkpoints.verify(bytes(text), KEY.verifierKey()).result();
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.executeUpdate(s);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The store with its history and checkpoints, closed together. */
    private record Log(EventStore store, Checkpoints checkpoints) implements AutoCloseable {
        static Log open(Path db) {
            EventStore store = EventStore.open(StoreOptions.of(db));
            return new Log(store, new Checkpoints(store, new StateHistory(store, SnapshotPolicy.DEFAULT), Clock.systemUTC()));
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
