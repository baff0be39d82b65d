package io.rynxs.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Json;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.Sha256;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ReplayDeterminismProperties {
    @Property(tries = 200)
    void replay_from_genesis_equals_replay_through_a_snapshot_at_every_k(@ForAll("steps") List<RandomLog.Step> steps,
                                                                         @ForAll @IntRange(min = 1, max = 25) int k) {
        TestLog log = RandomLog.build(steps);
        List<State> straight = new ArrayList<>();
        State fromGenesis = Replay.replay(State.genesis(), log.events.iterator(), new SnapshotPolicy(k), straight::add, null);

        StateBuilder b = StateBuilder.genesis();
        int snapshot = 0;
        for (var e : log.events) {
            b.apply(e);
            if (e.seq() % k == 0) {
                State taken = b.build();
                String stored = taken.toJson().text();
                State restored = State.fromJson(CanonicalJson.parse(stored, JsonLimits.DEFAULT, "snapshot"));
                assertThat(restored.toJson().text()).isEqualTo(straight.get(snapshot++).toJson().text());
                b = StateBuilder.from(restored);
            }
        }
        assertThat(snapshot).isEqualTo(straight.size());
        assertThat(b.build().toJson().text()).isEqualTo(fromGenesis.toJson().text());
    }

    @Property(tries = 200)
    void two_independent_replays_of_the_same_events_give_the_same_state_hash(@ForAll("steps") List<RandomLog.Step> steps) {
        State first = Replay.replay(State.genesis(), RandomLog.build(steps).events);
        State second = Replay.replay(State.genesis(), RandomLog.build(new ArrayList<>(steps)).events);

        assertThat(second.hash()).isEqualTo(first.hash());
        assertThat(first.hash()).isEqualTo(Sha256.hex(first.toJson().bytes()));
        assertThat(first.seq()).isEqualTo(RandomLog.build(steps).events.size());
    }

    @Property(tries = 200)
    void the_state_json_is_canonical(@ForAll("steps") List<RandomLog.Step> steps) {
        State state = Replay.replay(State.genesis(), RandomLog.build(steps).events);
        String text = state.toJson().text();

        assertThat(CanonicalJson.of(Json.parseObject(text, 64)).text()).isEqualTo(text);
        assertThat(state.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(state.seq());
    }

    @Provide
    Arbitrary<List<RandomLog.Step>> steps() {
        return RandomLog.steps(120);
    }
}
