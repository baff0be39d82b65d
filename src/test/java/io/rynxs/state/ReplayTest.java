package io.rynxs.state;

import static io.rynxs.state.TestLog.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

class ReplayTest {
    /** A busy log: four agents cycling through observe, decide, apply and fail, with audit records between. */
    static TestLog busyLog(int size) {
        TestLog log = new TestLog();
        int round = 0;
        while (log.events.size() < size) {
            String name = "agent" + round % 4;
            Event observed = log.agentObserved("default", name, 1 + round, obj("role", "worker", "round", (long) round));
            List<Action> actions = List.of(TestLog.action("ConfigMap", "default", name + "-spec", "c" + round),
                    TestLog.action("Deployment", "default", name + "-runtime", "d" + round));
            log.actionsDecided("default", name, observed, actions);
            log.actionFailed("default", name, actions.get(1), "K8S_CONFLICT", "conflict");
            for (Action a : actions) {
                log.actionApplied("default", name, a, "updated");
            }
            log.append("audit.ToolInvoked", "agent/default/" + name, obj("tool", "grep"));
            round++;
        }
        log.events.subList(size, log.events.size()).clear();
        return log;
    }

    @Test
    void a_large_state_written_on_two_threads_is_the_canonical_form_of_its_content() throws Exception {
        TestLog log = new TestLog();
        for (int i = 0; i < 300; i++) {
            String name = "agent" + i;
            Event observed = log.agentObserved("team-" + i % 7, name, 1, obj("role", "worker", "note", "é\u2028" + i));
            List<Action> actions = List.of(TestLog.action("ConfigMap", "team-" + i % 7, name + "-spec", "c" + i));
            log.actionsDecided("team-" + i % 7, name, observed, actions);
            log.actionApplied("team-" + i % 7, name, actions.get(0), "created");
        }
        State state = Replay.replay(State.genesis(), log.events);
        String text = state.toJson().text();

        assertThat(state.agents()).hasSize(300);
        assertThat(text).isEqualTo(new JsonCanonicalizer(text).getEncodedString());
        assertThat(text).startsWith("{\"agents\":{\"team-0/agent0\":").contains(",\"applied\":{\"team-0/agent0\":");
        assertThat(State.fromJson(state.toJson())).isEqualTo(state);
    }

    /** Speed is measured by {@code rynxs bench replay}, not here; this holds the busy log to determinism. */
    @Test
    void replaying_a_busy_log_from_a_snapshot_equals_replaying_it_from_genesis() {
        TestLog log = busyLog(20_000);
        State snapshot = Replay.replay(State.genesis(), log.events.subList(0, 10_000));
        State fromSnapshot = Replay.replay(State.fromJson(snapshot.toJson()), log.events.subList(10_000, 20_000));
        State fromGenesis = Replay.replay(State.genesis(), log.events);
        assertThat(fromSnapshot.toJson().text()).isEqualTo(fromGenesis.toJson().text());
        assertThat(fromSnapshot.hash()).isEqualTo(fromGenesis.hash());
        assertThat(fromGenesis.seq()).isEqualTo(20_000);
    }

    @Test
    void replay_hands_over_a_state_at_every_snapshot_seq_and_they_match_replay_from_genesis() {
        TestLog log = busyLog(95);
        List<State> snapshots = new ArrayList<>();
        State end = Replay.replay(State.genesis(), log.events.iterator(), new SnapshotPolicy(30), snapshots::add, null);

        assertThat(snapshots).extracting(State::seq).containsExactly(30L, 60L, 90L);
        assertThat(snapshots.get(1)).isEqualTo(Replay.replay(State.genesis(), log.events.subList(0, 60)));
        assertThat(Replay.replay(snapshots.get(2), log.events.subList(90, 95))).isEqualTo(end);
    }

    @Test
    void replay_refuses_a_gap_after_the_snapshot() {
        TestLog log = busyLog(20);
        State atTen = Replay.replay(State.genesis(), log.events.subList(0, 10));

        assertThatThrownBy(() -> Replay.replay(atTen, log.events.subList(11, 20)))
                .isInstanceOf(StateException.class).hasMessageStartingWith("apply event 12: the state is at seq 10 and needs event 11 next");
    }

    @Test
    void replay_leaves_the_starting_state_unchanged() {
        TestLog log = busyLog(20);
        State atTen = Replay.replay(State.genesis(), log.events.subList(0, 10));
        String before = atTen.toJson().text();
        Replay.replay(atTen, log.events.subList(10, 20));

        assertThat(atTen.toJson().text()).isEqualTo(before);
        assertThat(atTen.seq()).isEqualTo(10);
    }

    @Test
    void the_snapshot_policy_marks_every_kth_seq_and_finds_the_newest_one_at_or_below() {
        SnapshotPolicy policy = SnapshotPolicy.DEFAULT;

        assertThat(policy.every()).isEqualTo(10_000);
        assertThat(policy.isSnapshotSeq(0)).isFalse();
        assertThat(policy.isSnapshotSeq(10_000)).isTrue();
        assertThat(policy.isSnapshotSeq(10_001)).isFalse();
        assertThat(policy.snapshotSeqAtOrBelow(29_999)).isEqualTo(20_000);
        assertThat(policy.snapshotSeqAtOrBelow(9_999)).isZero();
        assertThatThrownBy(() -> new SnapshotPolicy(0)).hasMessageContaining("every 0 is below 1");
    }
}
