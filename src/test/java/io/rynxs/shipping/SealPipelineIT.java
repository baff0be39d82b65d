package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.Event;
import io.rynxs.segment.Gzip;
import io.rynxs.segment.SegmentFile;
import io.rynxs.segment.SegmentLayout.SeqRange;
import io.rynxs.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seal pipeline on rows read as stored bytes: its segments are byte for byte the segment files of the
 * events, in seq order, and a row that does not hash or link fails its own segment, in its turn. Real
 * SQLite files.
 */
class SealPipelineIT {
    @TempDir
    Path dir;

    @Test
    void segments_built_from_stored_bytes_are_byte_identical_to_the_segment_files_of_the_events_in_seq_order() {
        try (TestLog log = new TestLog(dir.resolve("log.db"), 3)) {
            log.append(95);
            log.history.runOnce();
            List<SeqRange> plan = plan(95, 10);
            for (Gzip gzip : List.of(Gzip.ZLIB, SegmentGzips.choose("libdeflate"))) {
                assertBuiltAsEncoded(log, plan, gzip);
            }
        }
    }

    private static void assertBuiltAsEncoded(TestLog log, List<SeqRange> plan, Gzip gzip) {
        List<SealedRange> built = build(log, plan, gzip);

        assertThat(built).extracting(SealedRange::first).containsExactly(1L, 11L, 21L, 31L, 41L, 51L, 61L, 71L, 81L, 91L);
        for (int i = 0; i < plan.size(); i++) {
            SealedRange b = built.get(i);
            List<Event> events = log.store.range(plan.get(i).first(), plan.get(i).last());
            assertThat(b.object()).as("segment %d by %s", b.first(), gzip).isEqualTo(SegmentFile.encode(events, gzip));
            assertThat(b.ndjsonBytes()).isEqualTo(SegmentFile.ndjson(events).length);
            assertThat(b.last()).isEqualTo(plan.get(i).last());
            assertThat(b.prev()).isEqualTo(events.get(0).prev());
            assertThat(b.head()).isEqualTo(events.get(events.size() - 1).hash());
            assertThat(b.state().hash()).as("state at %d", b.last()).isEqualTo(log.history.at(b.last()).hash());
        }
    }

    @Test
    void a_modified_row_fails_its_own_segment_in_its_turn_and_nothing_after_it_is_handed_over() throws Exception {
        Path db = dir.resolve("log.db");
        try (TestLog log = new TestLog(db, 2)) {
            log.append(60);
            tamper(db, "UPDATE events SET meta = '{\"actor\":\"mallory\"}' WHERE seq = 17");

            try (SealPipeline pipeline = pipeline(log, 0, plan(60, 10))) {
                assertThat(pipeline.next().first()).isEqualTo(1);
                assertThatThrownBy(pipeline::next).isInstanceOf(StoreException.class)
                        .hasMessageContaining("seal segment 11..20: event 17 does not hash to its stored hash");
            }
        }
    }

    @Test
    void a_segments_first_event_that_does_not_link_to_the_previous_segments_last_is_refused_by_its_own_encoder() throws Exception {
        Path db = dir.resolve("log.db");
        try (TestLog log = new TestLog(db, 2)) {
            log.append(75);
            assertThat(log.history.runOnce()).as("snapshots at 25, 50 and 75: no range is folded, only the encoder checks links")
                    .isEqualTo(3);
            // Event 26 rewritten with another prev and a hash that matches it: only the link across the boundary is wrong.
            Event e = log.store.event(26).orElseThrow();
            String otherPrev = log.store.event(24).orElseThrow().hash();
            String hash = Event.hashOf(e.seq(), e.type(), e.aggregate(), e.time(), e.epoch(), e.payload().text(), e.meta().text(), otherPrev);
            // Both are 64 lowercase hex digits: nothing to quote.
            tamper(db, "UPDATE events SET prev = '" + otherPrev + "', hash = '" + hash + "' WHERE seq = 26");

            try (SealPipeline pipeline = pipeline(log, 0, plan(75, 25))) {
                assertThat(pipeline.next().last()).isEqualTo(25);
                assertThatThrownBy(pipeline::next).isInstanceOf(StoreException.class)
                        .hasMessageContaining("seal segment 26..50: event 26 does not link to event 25");
            }
        }
    }

    @Test
    void a_row_with_a_malformed_field_is_refused_as_reading_it_into_an_event_refuses_it() throws Exception {
        Path db = dir.resolve("log.db");
        try (TestLog log = new TestLog(db, 2)) {
            log.append(30);
            tamper(db, "UPDATE events SET time = '2026-11-26 10:00:00' WHERE seq = 12", "UPDATE events SET payload = '[]' WHERE seq = 25");

            try (SealPipeline pipeline = pipeline(log, 0, plan(30, 10))) {
                assertThat(pipeline.next().last()).isEqualTo(10);
                assertThatThrownBy(pipeline::next).hasMessageContaining("event 12: time \"2026-11-26 10:00:00\" is not RFC 3339");
            }
            try (SealPipeline pipeline = pipeline(log, 20, plan(30, 10).subList(2, 3))) {
                assertThatThrownBy(pipeline::next).hasMessageContaining("event 25: payload is not a JSON object");
            }
        }
    }

    /** A pipeline from the state after {@code after}, gzip as sealing chooses it. */
    private static SealPipeline pipeline(TestLog log, long after, List<SeqRange> plan) {
        return new SealPipeline(log.store, SealedState.of(log.checkpoints.stateAt(after)), plan, SegmentGzips.best());
    }

    private static List<SealedRange> build(TestLog log, List<SeqRange> plan, Gzip gzip) {
        List<SealedRange> out = new ArrayList<>();
        try (SealPipeline pipeline = new SealPipeline(log.store, SealedState.of(log.checkpoints.stateAt(0)), plan, gzip)) {
            while (pipeline.hasNext()) {
                out.add(pipeline.next());
            }
        }
        return out;
    }

    private static List<SeqRange> plan(long head, long size) {
        List<SeqRange> plan = new ArrayList<>();
        for (long first = 1; first <= head; first += size) {
            plan.add(new SeqRange(first, Math.min(head, first + size - 1)));
        }
        return plan;
    }

    /** Rows changed behind the store's back: the append-only trigger dropped, then {@code updates} run. */
    private static void tamper(Path db, String... updates) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER events_no_update");
            for (String update : updates) {
                st.executeUpdate(update);
            }
        }
    }
}
