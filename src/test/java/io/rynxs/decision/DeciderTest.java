package io.rynxs.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.state.EventRef;
import io.rynxs.state.Replay;
import io.rynxs.state.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class DeciderTest {
    private final List<Event> log = new ArrayList<>();

    private Event append(NewEvent e) {
        String prev = log.isEmpty() ? Sha256.ZERO_HEX : log.get(log.size() - 1).hash();
        Event sealed = Event.seal(e, log.size() + 1, EventTime.format(Instant.parse("2026-11-26T10:00:00Z")), 0, prev);
        log.add(sealed);
        return sealed;
    }

    private State state() {
        return Replay.replay(State.genesis(), log);
    }

    @Test
    void an_observation_decides_the_four_owned_objects_with_content_addressed_ids() {
        Event observed = append(AgentNormalizer.normalize("ns", "alpha", 1, Map.of(), Map.of()).event());
        DecidedActions d = Decider.decide(state(), observed).orElseThrow();
        assertThat(d.actions()).extracting(a -> a.kind() + " " + a.name())
                .containsExactly("ConfigMap alpha-spec", "PersistentVolumeClaim alpha-workspace", "Deployment alpha-runtime",
                        "NetworkPolicy alpha-egress");
        assertThat(d.trigger().seq()).isEqualTo(1);
        assertThat(d.trigger().hash()).isEqualTo(observed.hash());
        Event decided = append(d.event());
        assertThat(state().decisions().get("ns/alpha").actionsHash()).isEqualTo(d.actionsHash());
        assertThat(Decider.isOwed(state(), "ns/alpha")).isFalse();
        assertThat(Decider.decide(state(), decided)).isEmpty();
    }

    @Test
    void the_same_state_and_event_always_give_the_same_decision() {
        Event observed = append(AgentNormalizer.normalize("ns", "alpha", 1, Map.of("team", "a"), Map.of("role", "manager")).event());
        assertThat(Decider.decide(state(), observed)).isEqualTo(Decider.decide(state(), observed));
    }

    @Test
    void a_role_change_changes_only_the_objects_that_depend_on_it() {
        ObservedAgent worker = AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of());
        ObservedAgent manager = AgentNormalizer.normalize("ns", "a", 2, Map.of(), Map.of("role", "manager"));
        assertThat(EgressPolicy.desired(worker).manifest().toString()).contains("egress=[]");
        assertThat(EgressPolicy.desired(manager).manifest().toString()).contains("egress=[{}]");
        assertThat(WorkspaceClaim.desired(worker).hash()).isEqualTo(WorkspaceClaim.desired(manager).hash());
        assertThat(EgressPolicy.desired(worker).hash()).isNotEqualTo(EgressPolicy.desired(manager).hash());
    }

    @Test
    void can_assign_tasks_opens_egress_for_a_worker() {
        ObservedAgent w = AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of("permissions", Map.of("canAssignTasks", true)));
        assertThat(w.spec().allowsEgress()).isTrue();
    }

    @Test
    void the_runtime_is_locked_down() {
        String deployment = RuntimeDeployment.desired(AgentNormalizer.normalize("ns", "a", 1, Map.of(),
                Map.of("runtimeClassName", "gvisor"))).manifest().toString();
        assertThat(deployment).contains("runAsNonRoot=true", "readOnlyRootFilesystem=true", "allowPrivilegeEscalation=false",
                "drop=[ALL]", "runtimeClassName=gvisor", "rynxs.io/agent=a", "app.kubernetes.io/name=rynxs-agent");
    }

    @Test
    void a_decision_owed_after_a_restart_is_detected() {
        append(AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of()).event());
        assertThat(Decider.isOwed(state(), "ns/a")).isTrue();
        assertThat(Decider.isOwed(state(), "ns/unknown")).isFalse();
    }

    @Test
    void replay_reproduces_recorded_decisions_and_catches_a_forged_one() {
        Event o = append(AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of()).event());
        append(Decider.decide(state(), o).orElseThrow().event());
        assertThat(DecisionReplay.check(log.iterator()).reproduced()).isTrue();
        // a decision recorded for a different spec than the one observed does not reproduce
        ObservedAgent other = AgentNormalizer.normalize("ns", "a", 1, Map.of(), Map.of("role", "director"));
        append(new DecidedActions("ns", "a", new EventRef(o.seq(), o.hash()), Decider.desired(other)).event());
        DecisionReplay.Report r = DecisionReplay.check(log.iterator());
        assertThat(r.decisions()).isEqualTo(2);
        assertThat(r.mismatches()).singleElement().asString().startsWith("seq 3: recorded action ids");
    }

    @Test
    void deciding_from_the_appended_observation_equals_deciding_from_the_state_after_it() {
        Map<String, Object> spec = Map.of("role", "manager", "team", "t", "image", Map.of("repository", "r.example/a", "tag", "v2"),
                "workspace", Map.of("size", "2Gi"));
        ObservedAgent observed = AgentNormalizer.normalize("ns", "beta", 3, Map.of("team", "t"), spec);
        Event event = append(observed.event());
        DecidedActions fromState = Decider.decide(state(), event).orElseThrow();
        DecidedActions fromEvent = Decider.decideObserved(observed, event);
        assertThat(fromEvent.actionsHash()).isEqualTo(fromState.actionsHash());
        assertThat(fromEvent.trigger()).isEqualTo(fromState.trigger());
        assertThat(fromEvent.event().payload()).isEqualTo(fromState.event().payload());
    }

    @Test
    void deciding_from_an_event_that_is_not_an_observation_is_refused_by_name() {
        ObservedAgent observed = AgentNormalizer.normalize("ns", "gamma", 1, Map.of(), Map.of());
        Event observedEvent = append(observed.event());
        Event decided = append(Decider.decideObserved(observed, observedEvent).event());
        Assertions.assertThatThrownBy(() -> Decider.decideObserved(observed, decided))
                .hasMessageContaining("is a ActionsDecided, not an AgentObserved");
    }
}
