package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.Tamper;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.state.SnapshotPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit against adversarial databases that the chain check alone passes: a payload that swallowed its
 * neighbour field, a rewritten Merkle node, a forged checkpoint row, a log cut below a checkpoint, a snapshot
 * whose state was altered. A real SQLite file, edited on its own connection behind the store's back.
 */
class LogAuditIT {
    private static final Ed25519Signer KEY = Ed25519Signer.fromSeed("rynxs.example/audit", new byte[32]);

    @TempDir
    Path dir;
    Path db;

    /** 300 events, checkpoints at 100 and 300, snapshots every 100, and event 150 whose payload holds a "payload" key. */
    @BeforeEach
    void a_log_with_two_checkpoints() {
        db = dir.resolve("log.db");
        try (Log log = Log.open(db)) {
            for (int i = 1; i <= 300; i++) {
                log.store.append(AppendRequest.of(i == 150
                        ? new NewEvent("audit.Step", "operator", new CanonicalJson("{\"k\":1,\"payload\":{\"z\":0}}"), CanonicalJson.EMPTY)
                        : StoreMerkleIT.event(i)));
                if (i == 100) {
                    log.checkpoints.create(KEY);
                }
            }
            log.checkpoints.create(KEY);
            log.history.runOnce();
        }
    }

    @Test
    void an_honest_log_passes_held_to_both_checkpoints() {
        try (Log log = Log.readOnly(db)) {
            AuditReport r = log.audit().run(0);
            assertThat(r.ok()).as("%s", r.finding()).isTrue();
            assertThat(r.checked()).isEqualTo(300);
            assertThat(r.commitments()).isEqualTo(2);
            assertThat(r.committedThrough()).isEqualTo(300);
        }
    }

    @Test
    void a_payload_that_swallowed_part_of_its_neighbour_hashes_the_same_but_is_malformed() {
        // ,"meta":{},"payload":{"k":1,"payload":{"z":0}}  read as meta {},"payload":{"k":1  and payload {"z":0}}: the same bytes.
        Tamper.sql(db, "UPDATE events SET meta = '{},\"payload\":{\"k\":1', payload = '{\"z\":0}}' WHERE seq = 150");
        try (Log log = Log.readOnly(db)) {
            assertThat(log.store.verify(1, 0).ok()).as("the chain alone cannot tell").isTrue();
            AuditReport r = log.audit().run(0);
            assertThat(r.finding().code()).isEqualTo(AuditCode.MALFORMED);
            assertThat(r.finding().seq()).isEqualTo(150);
            assertThat(r.finding().reason()).contains("payload holds more than one JSON object");
        }
    }

    @Test
    void a_rewritten_merkle_node_is_named_by_the_first_event_it_covers() {
        Tamper.sql(db, "DROP TRIGGER merkle_nodes_no_update", "UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 4 AND idx = 3");
        try (Log log = Log.readOnly(db)) {
            AuditFinding f = log.audit().run(0).finding();
            assertThat(f.code()).isEqualTo(AuditCode.NODE_MISMATCH);
            assertThat(f.seq()).isEqualTo(49);
        }
    }

    @Test
    void a_forged_checkpoint_row_is_told_from_a_rewritten_log_by_its_signature() {
        Tamper.sql(db, "DROP TRIGGER checkpoints_no_update", "UPDATE checkpoints SET root = '" + "0".repeat(64) + "' WHERE tree_size = 100");
        try (Log log = Log.readOnly(db)) {
            AuditFinding withKey = log.audit().run(0).finding();
            assertThat(withKey.code()).isEqualTo(AuditCode.COMMITMENT_INVALID);
            assertThat(withKey.seq()).isEqualTo(100);
            AuditFinding withoutKey = new LogAudit(log.store, log.history, null).run(0).finding();
            assertThat(withoutKey.code()).isEqualTo(AuditCode.ROOT_MISMATCH);
            assertThat(withoutKey.commitment()).isEqualTo("checkpoint 100");
        }
    }

    @Test
    void a_log_cut_below_a_checkpoint_is_truncated_at_the_first_missing_seq() {
        Tamper.sql(db, "DROP TRIGGER merkle_nodes_no_delete", "DELETE FROM events WHERE seq > 250",
                "DELETE FROM merkle_nodes WHERE (idx + 1) * (1 << level) > 250");
        try (Log log = Log.readOnly(db)) {
            AuditFinding f = log.audit().run(0).finding();
            assertThat(f.code()).isEqualTo(AuditCode.TRUNCATED);
            assertThat(f.seq()).isEqualTo(251);
            assertThat(f.commitment()).isEqualTo("checkpoint 300");
        }
    }

    @Test
    void a_snapshot_whose_state_was_altered_is_named_as_the_snapshot() {
        String forged;
        try (Log log = Log.readOnly(db)) {
            forged = log.store.read(h -> h.createQuery("SELECT state FROM snapshots WHERE seq = 300").mapTo(String.class).one())
                    .replace("\"audit.Step\":300", "\"audit.Step\":301");
        }
        assertThat(forged).contains("\"audit.Step\":301");
        Tamper.sql(db, "UPDATE snapshots SET state = '" + forged + "', state_hash = '" + Sha256.hex(forged.getBytes(StandardCharsets.UTF_8))
                + "' WHERE seq = 300");
        try (Log log = Log.readOnly(db)) {
            AuditFinding f = log.audit().run(0).finding();
            assertThat(f.code()).isEqualTo(AuditCode.STATE_MISMATCH);
            assertThat(f.seq()).isEqualTo(300);
            assertThat(f.reason()).contains("stored snapshot at seq 300").contains("snapshots table was altered");
        }
    }

    @Test
    void a_finding_refuses_the_store_for_writing_and_a_clean_audit_marks_it_verified() {
        try (Log log = Log.open(db)) {
            assertThat(log.audit().gate().ok()).isTrue();
            assertThat(log.store.integrity().state()).isEqualTo(Integrity.State.VERIFIED);
            log.store.append(AppendRequest.of(StoreMerkleIT.event(301)));
            Tamper.sql(db, "UPDATE events SET payload = '{\"i\":0}' WHERE seq = 7");
            AuditFinding f = log.audit().run(0).finding();
            assertThat(f.code()).isEqualTo(AuditCode.HASH_MISMATCH);
            assertThat(f.seq()).isEqualTo(7);
            assertThat(log.store.integrity().refused()).isTrue();
            assertThatThrownBy(() -> log.store.append(AppendRequest.of(StoreMerkleIT.event(302)))).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("HASH_MISMATCH at seq 7");
            assertThatThrownBy(() -> log.checkpoints.create(KEY)).isInstanceOf(IntegrityException.class);
        }
    }

    /** The store with its history and checkpoints, closed together. */
    record Log(EventStore store, StateHistory history, Checkpoints checkpoints) implements AutoCloseable {
        static Log open(Path db) {
            return of(EventStore.open(StoreOptions.of(db)));
        }

        static Log readOnly(Path db) {
            return of(EventStore.open(StoreOptions.existing(db)));
        }

        private static Log of(EventStore store) {
            StateHistory history = new StateHistory(store, new SnapshotPolicy(100));
            return new Log(store, history, new Checkpoints(store, history, Clock.systemUTC()));
        }

        LogAudit audit() {
            return new LogAudit(store, history, KEY.verifierKey());
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
