package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.segment.Anchor;
import io.rynxs.segment.Anchors;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentCode;
import io.rynxs.segment.SegmentFailure;
import io.rynxs.segment.SegmentReport;
import io.rynxs.store.StoredCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore folds one running state across segments (real SQLite files, a local-directory bucket): the
 * snapshots and checkpoints it stores are the ones a replay of the log gives, and a signed checkpoint whose
 * state line the events do not produce stops it with a verification failure before that segment goes in.
 */
class RestoreIT {
    @TempDir
    Path dir;

    @Test
    void the_running_state_gives_the_snapshots_and_checkpoints_a_replay_gives() {
        try (Bucket bucket = Bucket.create("local", null, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("source.db"), 3)) {
            log.append(130);
            log.shipper(objects, bucket.layout, 30).runOnce(true);
            long head = log.store.head().seq();

            try (TestLog restored = new TestLog(dir.resolve("restored.db"), 3)) {
                SegmentReport r = new Restore(objects, bucket.layout, TestLog.SIGNER.verifierKey(), Clock.systemUTC())
                        .run(restored.store, restored.history, restored.checkpoints, 0);

                assertThat(r.failure()).isEmpty();
                assertThat(r.events()).isEqualTo(head);
                // Snapshots every 25 events (TestLog's policy) fall inside 30-event segments: each is the replayed state.
                assertThat(restored.history.newestSnapshotSeq()).isEqualTo(head / 25 * 25);
                for (long n = 25; n <= head; n += 25) {
                    assertThat(restored.history.at(n).hash()).as("state at %d", n).isEqualTo(log.history.at(n).hash());
                }
                List<StoredCheckpoint> stored = restored.checkpoints.list(0, 100);
                assertThat(stored).extracting(StoredCheckpoint::treeSize).containsExactly(30L, 60L, 90L, 120L, head);
                for (StoredCheckpoint c : stored) {
                    assertThat(c.stateHash()).as("checkpoint %d", c.treeSize()).isEqualTo(log.history.at(c.treeSize()).hash());
                    assertThat(restored.checkpoints.verify(c.note().getBytes(StandardCharsets.UTF_8),
                            TestLog.SIGNER.verifierKey()).ok()).isTrue();
                }
            }
        }
    }

    @Test
    void a_checkpoint_whose_state_line_the_events_do_not_give_stops_restore_before_its_segment() {
        try (Bucket bucket = Bucket.create("local", null, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("source.db"), 2)) {
            log.append(90);
            log.shipper(objects, bucket.layout, 30).runOnce(true);
            String noteKey = bucket.layout.checkpointKey(60);
            Checkpoint good = Checkpoint.open(objects.get(noteKey).orElseThrow(), TestLog.SIGNER.verifierKey());
            // Signed by the log's own key, root and chain right: only the state line is not what the events fold to.
            bucket.overwrite(noteKey, new Checkpoint(good.origin(), good.treeSize(), good.root(), good.chainHash(), "0".repeat(64))
                    .sign(TestLog.SIGNER));

            try (TestLog restored = new TestLog(dir.resolve("restored.db"), 2)) {
                SegmentReport r = new Restore(objects, bucket.layout, TestLog.SIGNER.verifierKey(), Clock.systemUTC())
                        .run(restored.store, restored.history, restored.checkpoints, 0);

                SegmentFailure f = r.failure().orElseThrow();
                assertThat(f.code()).isEqualTo(SegmentCode.CHECKPOINT_INVALID);
                assertThat(f.segment()).isEqualTo(noteKey);
                assertThat(f.seq()).isEqualTo(60);
                assertThat(f.reason()).startsWith("STATE_MISMATCH").contains(log.history.at(60).hash()).contains("0".repeat(64));
                assertThat(r.segments()).isEqualTo(1);
                assertThat(restored.store.head().seq()).as("the failing segment is not inserted").isEqualTo(30);
                assertThat(restored.checkpoints.list(0, 10)).extracting(StoredCheckpoint::treeSize).containsExactly(30L);
            }
        }
    }

    @Test
    void a_restore_to_a_seq_reports_what_it_put_in_and_apart_what_it_verified() {
        try (Bucket bucket = Bucket.create("local", null, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("source.db"), 2)) {
            log.append(90);
            log.shipper(objects, bucket.layout, 30).runOnce(true);

            try (TestLog restored = new TestLog(dir.resolve("restored.db"), 2)) {
                Restored r = new Restore(objects, bucket.layout, TestLog.SIGNER.verifierKey(), Clock.systemUTC())
                        .run(restored.store, restored.history, restored.checkpoints, 45, Anchors.SINK);

                assertThat(r.ok()).as(r.verified().failure().toString()).isTrue();
                assertThat(r.events()).isEqualTo(45);
                assertThat(r.headSeq()).isEqualTo(45);
                assertThat(r.head()).isEqualTo(log.store.event(45).orElseThrow().hash());
                assertThat(r.stateHash()).isEqualTo(log.history.at(45).hash());
                assertThat(r.segments()).as("the segment cut at 45 is not recorded").isEqualTo(1);
                assertThat(r.verified().headSeq()).isEqualTo(60);
                assertThat(r.verified().events()).isEqualTo(60);
                assertThat(restored.store.head().seq()).isEqualTo(45);
            }
        }
    }

    @Test
    void a_restore_of_everything_from_a_sink_whose_last_manifest_is_gone_is_truncated_and_one_to_a_seq_below_the_cut_is_not() {
        try (Bucket bucket = Bucket.create("local", null, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("source.db"), 2)) {
            log.append(90);
            log.shipper(objects, bucket.layout, 30).runOnce(true);
            long head = log.store.head().seq();
            long lastFirst = log.ledger.latest().orElseThrow().first();
            bucket.delete(bucket.layout.manifestKey(lastFirst));
            Path whole = dir.resolve("whole.db");

            Restored r = new Restore(objects, bucket.layout, TestLog.SIGNER.verifierKey(), Clock.systemUTC())
                    .runInto(whole, log.history.policy(), 0, false, Anchors.SINK);

            SegmentFailure f = r.verified().failure().orElseThrow();
            assertThat(f.code()).isEqualTo(SegmentCode.TRUNCATED);
            assertThat(f.segment()).isEqualTo(bucket.layout.manifestKey(lastFirst));
            assertThat(r.verified().beyondHead()).extracting(Anchor::source).contains(bucket.layout.checkpointKey(head));
            assertThat(whole).doesNotExist();
            Restored below = new Restore(objects, bucket.layout, TestLog.SIGNER.verifierKey(), Clock.systemUTC())
                    .runInto(dir.resolve("below.db"), log.history.policy(), 20, false, Anchors.SINK);
            assertThat(below.ok()).as(below.verified().failure().toString()).isTrue();
            assertThat(below.events()).isEqualTo(20);
        }
    }
}
