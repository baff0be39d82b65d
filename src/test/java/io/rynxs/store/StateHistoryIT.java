package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.decision.OperatorWorkload;
import io.rynxs.event.Event;
import io.rynxs.state.Replay;
import io.rynxs.state.SnapshotPolicy;
import io.rynxs.state.State;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay from stored snapshots gives byte-identical state to replay from genesis, at every seq. */
class StateHistoryIT {
    @TempDir
    Path dir;

    @Test
    void replay_from_any_snapshot_equals_replay_from_genesis_at_every_seq() {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            new OperatorWorkload(7).append(store::appendAsync, 420);
            StateHistory history = new StateHistory(store, new SnapshotPolicy(50));
            assertThat(history.runOnce()).isEqualTo(8);
            assertThat(history.newestSnapshotSeq()).isEqualTo(400);
            assertThat(history.runOnce()).as("a second run finds nothing to do").isZero();

            List<Event> all = store.events(EventQuery.after(0, 10_000));
            State genesisRun = State.genesis();
            for (Event e : all) {
                genesisRun = genesisRun.apply(e);
                State viaSnapshots = history.at(e.seq());
                assertThat(viaSnapshots.toJson().text()).as("state at %d", e.seq()).isEqualTo(genesisRun.toJson().text());
            }
            assertThat(genesisRun.agents()).hasSize(7);
            assertThat(genesisRun.rejected()).as("the workload is well-formed").isEmpty();
        }
    }

    @Test
    void replay_with_reader_threads_gives_the_state_of_a_plain_fold() {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            new OperatorWorkload(6).append(store::appendAsync, 9_000);
            List<Event> all = store.events(EventQuery.after(0, 10_000));
            StateHistory noSnapshots = new StateHistory(store, SnapshotPolicy.DEFAULT);
            assertThat(noSnapshots.at(2_500).toJson().text())
                    .as("from genesis, 2,500 events through one reader").isEqualTo(Replay.replay(State.genesis(), all.subList(0, 2_500)).toJson().text());
            assertThat(EventPipe.SPLIT_FROM).isLessThan(8_999);
            assertThat(noSnapshots.at(8_999).toJson().text())
                    .as("from genesis, 8,999 events split between two readers")
                    .isEqualTo(Replay.replay(State.genesis(), all.subList(0, 8_999)).toJson().text());
            StateHistory withSnapshots = new StateHistory(store, new SnapshotPolicy(1_500));
            assertThat(withSnapshots.runOnce()).isEqualTo(6);
            for (long seq : new long[] {2_999, 3_600, 1_499, 8_950}) {
                assertThat(withSnapshots.at(seq).toJson().text()).as("state at %d", seq)
                        .isEqualTo(Replay.replay(State.genesis(), all.subList(0, (int) seq)).toJson().text());
            }
        }
    }

    @Test
    void the_same_events_replayed_twice_give_the_same_state_hash() {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            new OperatorWorkload(3).append(store::appendAsync, 60);
            List<Event> all = store.events(EventQuery.after(0, 1000));
            assertThat(Replay.replay(State.genesis(), all).hash()).isEqualTo(Replay.replay(State.genesis(), all).hash());
            assertThat(all).hasSize(72);
            assertThat(new StateHistory(store, SnapshotPolicy.DEFAULT).at(72).hash()).isEqualTo(Replay.replay(State.genesis(), all).hash());
            assertThat(new StateHistory(store, SnapshotPolicy.DEFAULT).at(60).hash())
                    .isEqualTo(Replay.replay(State.genesis(), all.subList(0, 60)).hash())
                    .isNotEqualTo(Replay.replay(State.genesis(), all).hash());
        }
    }

    @Test
    void a_tampered_snapshot_is_skipped_and_the_state_still_comes_out_right() throws Exception {
        Path db = dir.resolve("log.db");
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            new OperatorWorkload(4).append(store::appendAsync, 240);
            StateHistory history = new StateHistory(store, new SnapshotPolicy(100));
            history.runOnce();
            String honest = history.at(230).hash();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE snapshots SET state = replace(state, '\"phase\":\"Ready\"', '\"phase\":\"Failed\"') WHERE seq = 200");
            }
            assertThat(history.at(230).hash()).isEqualTo(honest);
        }
    }

    @Test
    void a_snapshot_of_another_chain_is_skipped_even_at_its_own_seq() throws Exception {
        Path db = dir.resolve("log.db");
        Path other = dir.resolve("other.db");
        State foreign;
        try (EventStore store = EventStore.open(StoreOptions.of(other))) {
            new OperatorWorkload(5).append(store::appendAsync, 240);
            foreign = new StateHistory(store, SnapshotPolicy.DEFAULT).at(200);
        }
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            new OperatorWorkload(4).append(store::appendAsync, 240);
            StateHistory history = new StateHistory(store, new SnapshotPolicy(100));
            history.runOnce();
            String at200 = history.at(200).hash();
            String at230 = history.at(230).hash();
            assertThat(foreign.hash()).isNotEqualTo(at200);
            // A well-formed snapshot whose bytes match its stored hash, but of another log's seq 200.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM snapshots WHERE seq = 200");
                try (var ps = c.prepareStatement("INSERT INTO snapshots (seq, state_hash, state) VALUES (200, ?, ?)")) {
                    ps.setString(1, foreign.hash());
                    ps.setString(2, foreign.toJson().text());
                    ps.executeUpdate();
                }
            }
            assertThat(history.at(200).hash()).isEqualTo(at200);
            assertThat(history.at(230).hash()).isEqualTo(at230);
        }
    }

    @Test
    void a_seq_beyond_the_head_is_refused() {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            new OperatorWorkload(1).append(store::appendAsync, 6);
            StateHistory history = new StateHistory(store, SnapshotPolicy.DEFAULT);
            assertThatThrownBy(() -> history.at(7)).isInstanceOf(BeyondHeadException.class).hasMessageContaining("outside 0..6");
            assertThat(history.at(0).hash()).isEqualTo(State.genesis().hash());
        }
    }
}
