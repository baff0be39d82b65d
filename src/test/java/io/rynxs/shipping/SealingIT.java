package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.segment.Gzip;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.segment.PutResult;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.segment.SegmentWriter;
import io.rynxs.state.State;
import io.rynxs.store.CheckedSnapshot;
import io.rynxs.store.EventRow;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.SnapshotSeqs;
import io.rynxs.store.StoreException;
import io.rynxs.store.StoredCheckpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealing many segments in one run (the pipelined path): the state folded across the run, or taken from a
 * stored snapshot, signs the same state hashes a replay gives; a failure part-way leaves the ledger in order;
 * a modified row is never shipped. Real SQLite files and a real local-directory store.
 */
class SealingIT {
    @TempDir
    Path dir;

    @Test
    void one_run_signs_at_every_segment_end_the_state_hash_a_replay_gives_whether_folded_or_from_a_snapshot() {
        try (TestLog log = new TestLog(dir.resolve("log.db"), 3); ObjectStore objects = new LocalDirectoryObjectStore(dir.resolve("sink"))) {
            log.append(90);
            assertThat(log.store.head().seq()).isEqualTo(90);
            assertThat(log.history.runOnce()).as("snapshots at 25, 50 and 75").isEqualTo(3);

            ShipResult r = log.shipper(objects, SegmentLayout.DEFAULT, 10).runOnce(true);

            assertThat(r.shipped()).hasSize(9).startsWith("1-10").endsWith("81-90");
            List<StoredCheckpoint> checkpoints = log.checkpoints.list(0, 100);
            assertThat(checkpoints).extracting(StoredCheckpoint::treeSize).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L);
            for (StoredCheckpoint c : checkpoints) {
                assertThat(c.stateHash()).as("state at %d (50 from its snapshot, 60 folded on from it)", c.treeSize())
                        .isEqualTo(log.history.at(c.treeSize()).hash());
            }
            SegmentReport report = new SegmentVerifier(objects, SegmentLayout.DEFAULT, TestLog.SIGNER.verifierKey()).verify();
            assertThat(report.failure()).isEmpty();
            assertThat(report.segments()).isEqualTo(9);
            assertThat(report.head()).isEqualTo(log.store.head().hash());
        }
    }

    @Test
    void its_checkpoint_notes_are_byte_for_byte_the_notes_a_replay_of_each_segment_end_signs() {
        try (TestLog log = new TestLog(dir.resolve("log.db"), 3); ObjectStore objects = new LocalDirectoryObjectStore(dir.resolve("sink"))) {
            log.append(90);
            log.history.runOnce();

            log.shipper(objects, SegmentLayout.DEFAULT, 10).runOnce(true);

            for (StoredCheckpoint c : log.checkpoints.list(0, 100)) {
                long n = c.treeSize();
                byte[] replayed = new Checkpoint(TestLog.SIGNER.verifierKey().name(), n, log.store.root(n).bytes(),
                        log.store.event(n).orElseThrow().hash(), log.history.at(n).hash()).sign(TestLog.SIGNER);
                assertThat(c.note()).as("note at %d", n).isEqualTo(new String(replayed, StandardCharsets.UTF_8));
                assertThat(objects.get(SegmentLayout.DEFAULT.checkpointKey(n)).orElseThrow()).as("shipped note at %d", n).isEqualTo(replayed);
            }
        }
    }

    @Test
    void a_stored_snapshot_whose_bytes_were_altered_is_not_signed_the_state_is_folded_from_the_log_instead() throws Exception {
        Path db = dir.resolve("log.db");
        try (TestLog log = new TestLog(db, 3); ObjectStore objects = new LocalDirectoryObjectStore(dir.resolve("sink"))) {
            log.append(60);
            log.history.runOnce();
            String replayed = log.history.at(50).hash();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                // Still a well-formed state whose head is this log's event 50; only its counts changed, not its stored hash.
                assertThat(st.executeUpdate("UPDATE snapshots SET state = replace(state, '\"counts\":{\"', '\"counts\":{\"Forged\":1,\"')"
                        + " WHERE seq = 50")).isEqualTo(1);
            }

            log.shipper(objects, SegmentLayout.DEFAULT, 10).runOnce(true);

            assertThat(log.checkpoints.at(50).orElseThrow().stateHash()).isEqualTo(replayed);
            assertThat(log.checkpoints.at(60).orElseThrow().stateHash()).as("folded on from 50").isEqualTo(log.history.at(60).hash());
            assertThat(new SegmentVerifier(objects, SegmentLayout.DEFAULT, TestLog.SIGNER.verifierKey()).verify().failure()).isEmpty();
        }
    }

    @Test
    void a_stored_snapshot_of_another_chain_at_that_seq_is_not_signed_even_with_bytes_matching_its_hash() throws Exception {
        Path db = dir.resolve("log.db");
        Path other = dir.resolve("other.db");
        try (TestLog log = new TestLog(db, 3); TestLog stranger = new TestLog(other, 5);
             ObjectStore objects = new LocalDirectoryObjectStore(dir.resolve("sink"))) {
            log.append(60);
            stranger.append(60);
            stranger.history.runOnce();
            log.history.runOnce();
            String replayed = log.history.at(50).hash();
            State foreign = stranger.history.at(50);
            assertThat(foreign.head().hash()).isNotEqualTo(log.store.event(50).orElseThrow().hash());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                // What a tail quarantined and replaced could leave: a self-consistent snapshot (bytes hash to
                // state_hash, head seq 50) of events that are not this log's.
                st.executeUpdate("DELETE FROM snapshots WHERE seq = 50");
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 PreparedStatement ps = c.prepareStatement("INSERT INTO snapshots (seq, state_hash, state) VALUES (50, ?, ?)")) {
                ps.setString(1, foreign.hash());
                ps.setString(2, foreign.toJson().text());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }

            log.shipper(objects, SegmentLayout.DEFAULT, 10).runOnce(true);

            assertThat(log.checkpoints.at(50).orElseThrow().stateHash()).isEqualTo(replayed).isNotEqualTo(foreign.hash());
            assertThat(new SegmentVerifier(objects, SegmentLayout.DEFAULT, TestLog.SIGNER.verifierKey()).verify().failure()).isEmpty();
        }
    }

    @Test
    void a_snapshot_counts_only_with_its_head_exactly_this_logs_event_at_its_seq() throws Exception {
        Path db = dir.resolve("log.db");
        try (TestLog log = new TestLog(db, 3)) {
            log.append(60);
            log.history.runOnce();
            SnapshotSeqs snapshots = new SnapshotSeqs(log.store);

            assertThat(snapshots.checkedAt(50)).as("as rynxs stored it").get().extracting(CheckedSnapshot::stateHash)
                    .isEqualTo(log.history.at(50).hash());
            assertThat(snapshots.checkedAt(49)).as("no snapshot there").isEmpty();

            // Still a well-formed state whose bytes hash to its state_hash, but its head seq is the number 50.0, not 50.
            String state;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT state FROM snapshots WHERE seq = 50")) {
                state = rs.getString(1);
            }
            String head = "\"seq\":50},";
            assertThat(state).contains(head);
            String altered = state.replace(head, "\"seq\":50.0},");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 PreparedStatement ps = c.prepareStatement("UPDATE snapshots SET state = ?, state_hash = ? WHERE seq = 50")) {
                ps.setString(1, altered);
                ps.setString(2, Sha256.hex(altered.getBytes(StandardCharsets.UTF_8)));
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }

            assertThat(snapshots.checkedAt(50)).isEmpty();
        }
    }

    @Test
    void the_next_run_folds_on_from_the_state_the_last_one_left_and_still_signs_replayed_state_hashes() {
        try (TestLog log = new TestLog(dir.resolve("log.db"), 2); ObjectStore objects = new LocalDirectoryObjectStore(dir.resolve("sink"))) {
            Shipper shipper = log.shipper(objects, SegmentLayout.DEFAULT, 7);
            log.append(12);
            assertThat(shipper.runOnce(true).shipped()).containsExactly("1-7", "8-12");
            log.append(12);
            assertThat(shipper.runOnce(true).shipped()).containsExactly("13-19", "20-24");
            for (long size : new long[] {7, 12, 19, 24}) {
                assertThat(log.checkpoints.at(size).orElseThrow().stateHash()).as("state at %d", size)
                        .isEqualTo(log.history.at(size).hash());
            }
        }
    }

    @Test
    void a_run_that_fails_part_way_leaves_earlier_segments_shipped_one_sealed_and_nothing_after_it_then_resumes() {
        try (TestLog log = new TestLog(dir.resolve("log.db"), 2); ObjectStore sink = new LocalDirectoryObjectStore(dir.resolve("sink"))) {
            log.append(60);
            AtomicInteger manifests = new AtomicInteger();
            ObjectStore failsAtThirdManifest = new Failing(sink, key -> key.contains("/manifests/") && manifests.incrementAndGet() == 3);

            assertThatThrownBy(() -> log.shipper(failsAtThirdManifest, SegmentLayout.DEFAULT, 10).runOnce(true))
                    .isInstanceOf(ObjectStoreException.class);

            List<SegmentRecord> rows = log.ledger.all();
            assertThat(rows).extracting(SegmentRecord::first).containsExactly(1L, 11L, 21L);
            assertThat(rows).extracting(SegmentRecord::shipped).containsExactly(true, true, false);
            assertThat(sink.list(SegmentLayout.DEFAULT.manifestsPrefix())).hasSize(2);
            assertThat(sink.list(SegmentLayout.DEFAULT.segmentsPrefix())).as("the third object went up before its manifest failed").hasSize(3);

            ShipResult resumed = log.shipper(sink, SegmentLayout.DEFAULT, 10).runOnce(true);

            assertThat(resumed.shipped()).containsExactly("21-30", "31-40", "41-50", "51-60");
            SegmentReport report = new SegmentVerifier(sink, SegmentLayout.DEFAULT, TestLog.SIGNER.verifierKey()).verify();
            assertThat(report.failure()).isEmpty();
            assertThat(report.events()).isEqualTo(60);
            assertThat(report.orphans()).isEmpty();
        }
    }

    @Test
    void ship_sealed_uploads_only_what_the_ledger_holds_and_seals_nothing_new() {
        try (TestLog log = new TestLog(dir.resolve("log.db"), 2); ObjectStore sink = new LocalDirectoryObjectStore(dir.resolve("sink"))) {
            log.append(24);
            ObjectStore down = new Failing(sink, key -> true);
            assertThatThrownBy(() -> log.shipper(down, SegmentLayout.DEFAULT, 10).runOnce(true)).isInstanceOf(ObjectStoreException.class);
            assertThat(log.ledger.unshipped()).extracting(SegmentRecord::first).containsExactly(1L);
            assertThat(log.ledger.unshipped().get(0).object()).as("what the upload needs").isNotEmpty();
            assertThat(log.ledger.latest().orElseThrow().object()).as("what sealing asks for twice per segment leaves the object out")
                    .isNull();

            ShipResult r = Shipper.uploadOnly(log.store, log.checkpoints, sink, SegmentLayout.DEFAULT, Clock.systemUTC(),
                    ShippingMetrics.NONE).shipSealed();

            assertThat(r.shipped()).containsExactly("1-10");
            assertThat(r.shippedThrough()).isEqualTo(10);
            assertThat(r.unshipped()).isEqualTo(14);
            assertThat(log.ledger.all()).hasSize(1).allMatch(SegmentRecord::shipped);
            assertThat(new SegmentVerifier(sink, SegmentLayout.DEFAULT, TestLog.SIGNER.verifierKey()).verify().failure()).isEmpty();
        }
    }

    @Test
    void a_row_modified_in_the_database_is_never_shipped_and_the_error_names_it() throws Exception {
        Path db = dir.resolve("log.db");
        try (TestLog log = new TestLog(db, 2); ObjectStore sink = new LocalDirectoryObjectStore(dir.resolve("sink"))) {
            log.append(30);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.executeUpdate("DROP TRIGGER events_no_update");
                st.executeUpdate("UPDATE events SET meta = '{\"actor\":\"mallory\"}' WHERE seq = 17");
            }

            assertThatThrownBy(() -> log.shipper(sink, SegmentLayout.DEFAULT, 10).runOnce(true))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("event 17 does not hash to its stored hash");

            assertThat(log.ledger.all()).as("segment 11-20 and later were never recorded").extracting(SegmentRecord::first)
                    .containsExactly(1L);
            assertThat(sink.list(SegmentLayout.DEFAULT.segmentsPrefix())).containsExactly(SegmentLayout.DEFAULT.segmentKey(1, 10));
            assertThat(log.failures).containsExactly("store");
        }
    }

    @Test
    void the_lines_sealing_writes_are_each_events_line_and_newline_and_an_event_whose_fields_were_altered_is_refused() throws Exception {
        try (TestLog log = new TestLog(dir.resolve("log.db"), 2)) {
            log.append(20);
            Event unicode = Event.seal(new NewEvent("AgentObserved", "agent/z\u00fcrich-\u6771\u4eac",
                    new CanonicalJson("{\"note\":\"gr\u00fc\u00dfe \ud83d\ude00\"}"),
                    new CanonicalJson("{}")), 21, "2026-11-26T10:00:00.000Z", 0, log.store.head().hash());
            List<Event> events = new ArrayList<>(log.store.range(1, 20));
            events.add(unicode);
            LineBlock lines = new LineBlock();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (Event e : events) {
                assertThat(lines.append(EventRow.of(e))).as("event %d", e.seq()).isTrue();
                expected.writeBytes(e.lineBytes());
                expected.write('\n');
                Event altered = new Event(e.v(), e.seq() + 1, e.type(), e.aggregate(), e.time(), e.epoch(), e.payload(), e.meta(),
                        e.prev(), e.hash());
                assertThat(lines.append(EventRow.of(altered))).as("event %d with another seq", e.seq()).isFalse();
            }
            SegmentWriter writer = new SegmentWriter(1024, Gzip.ZLIB);
            lines.drainTo(writer, true);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(writer.finish())).readAllBytes())
                    .isEqualTo(expected.toByteArray());
        }
    }

    /** A store whose puts fail for the keys {@code fails} picks: a server that goes away at that moment. */
    private record Failing(ObjectStore delegate, Predicate<String> fails) implements ObjectStore {
        @Override
        public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
            if (fails.test(key)) {
                throw new ObjectStoreException("simulated failure writing " + key);
            }
            return delegate.putIfAbsent(key, bytes, sha256);
        }

        @Override
        public void replace(String key, byte[] bytes, String sha256) {
            delegate.replace(key, bytes, sha256);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public boolean exists(String key) {
            return delegate.exists(key);
        }

        @Override
        public List<String> list(String prefix) {
            return delegate.list(prefix);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
