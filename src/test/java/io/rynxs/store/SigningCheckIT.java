package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.Tamper;
import io.rynxs.checkpoint.Ed25519Signer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is signed over rows changed while the store is open: each case tampers with the database on its
 * own connection after a checkpoint at 100 and before the next, and {@code create} must refuse (and refuse the
 * store), where before it signed whatever the hash column and the stored tree said.
 */
class SigningCheckIT {
    private static final Ed25519Signer KEY = Ed25519Signer.fromSeed("rynxs.example/audit", new byte[32]);

    @TempDir
    Path dir;
    Path db;
    LogAuditIT.Log log;

    @BeforeEach
    void a_checkpoint_at_100_then_20_more_events() {
        db = dir.resolve("log.db");
        log = LogAuditIT.Log.open(db);
        for (int i = 1; i <= 120; i++) {
            log.store().append(AppendRequest.of(StoreMerkleIT.event(i)));
            if (i == 100) {
                log.checkpoints().create(KEY);
            }
        }
    }

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void an_honest_log_is_signed_and_a_smaller_size_after_a_larger_one_must_be_consistent_with_it() {
        StoredCheckpoint at120 = log.checkpoints().create(KEY);
        StoredCheckpoint at110 = log.checkpoints().createAt(110, KEY);
        assertThat(at120.treeSize()).isEqualTo(120);
        assertThat(at110.root()).isEqualTo(log.store().root(110).hex());
        assertThat(log.store().integrity().refused()).isFalse();
    }

    @Test
    void a_payload_changed_after_the_last_checkpoint_is_not_signed() {
        Tamper.sql(db, "UPDATE events SET payload = '{\"i\":0}' WHERE seq = 110");
        assertThatThrownBy(() -> log.checkpoints().create(KEY)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("HASH_MISMATCH at seq 110");
        assertRefused();
    }

    @Test
    void the_head_re_hashed_while_the_writer_runs_is_not_signed() {
        Tamper.rehash(db, 120, 120, "{\"i\":0}");
        assertThatThrownBy(() -> log.checkpoints().create(KEY)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("this writer's own tree");
        assertRefused();
    }

    @Test
    void rows_below_the_last_checkpoint_re_hashed_are_not_signed_over() {
        Tamper.rehash(db, 98, 120, "{\"i\":0}");
        assertThatThrownBy(() -> log.checkpoints().create(KEY)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("(checkpoint 100)");
        assertRefused();
    }

    @Test
    void a_forged_checkpoint_row_is_not_built_on() {
        Tamper.sql(db, "DROP TRIGGER checkpoints_no_update", "UPDATE checkpoints SET chain_hash = '" + "a".repeat(64) + "' WHERE tree_size = 100");
        assertThatThrownBy(() -> log.checkpoints().create(KEY)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("COMMITMENT_INVALID at seq 100");
        assertRefused();
    }

    private void assertRefused() {
        assertThat(log.store().integrity().refused()).isTrue();
        assertThat(log.checkpoints().latest().orElseThrow().treeSize()).as("nothing new signed").isEqualTo(100);
        assertThatThrownBy(() -> log.store().append(AppendRequest.of(StoreMerkleIT.event(999)))).isInstanceOf(IntegrityException.class);
    }
}
