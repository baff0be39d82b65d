package io.rynxs.state;

import static io.rynxs.state.TestLog.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.JsonLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ReducerTest {
    static final Action CONFIG = TestLog.action("ConfigMap", "default", "alpha-spec", "config-v1");
    static final Action RUNTIME = TestLog.action("Deployment", "default", "alpha-runtime", "runtime-v1");

    /** A short script touching every known type, one unknown type and one malformed payload. */
    static TestLog script() {
        TestLog log = new TestLog();
        log.leaderElected("rynxs-0", 3);
        Event observed = log.agentObserved("default", "alpha", 1, obj("role", "worker", "team", "blue"));
        log.actionsDecided("default", "alpha", observed, List.of(CONFIG, RUNTIME));
        log.actionApplied("default", "alpha", CONFIG, "created");
        log.actionFailed("default", "alpha", RUNTIME, "K8S_CONFLICT", "the object has been modified");
        log.actionApplied("default", "alpha", RUNTIME, "updated");
        log.sessionObserved("s1", obj("goal", "ship"));
        log.append("audit.ToolInvoked", "agent/default/alpha", obj("tool", "grep"));
        log.append("AgentObserved", "agent/default/beta", obj("namespace", "default", "name", "beta"));
        log.append("LegacyLogImported", "operator", obj("source", "legacy.ndjson", "count", 2L));
        return log;
    }

    static State replay(TestLog log) {
        return Replay.replay(State.genesis(), log.events);
    }

    static final String GOLDEN_JSON = "{\"agents\":{\"default/alpha\":{\"generation\":1,\"labels\":{\"team\":\"blue\"},\"lastObservedSeq\":2,\"phase\":\"Ready\",\"spec\":{\"role\":\"worker\",\"team\":\"blue\"},\"specHash\":\"f6ff29c03aaf35255599702218c67cd9d5cc15e473adcc9cecdcc0f32691490d\"}}" +
            ",\"applied\":{\"default/alpha\":{\"5b47dd837fb876d62d7c8d5afab8a787651d02258c8296248496a619221c4026\":{\"result\":\"updated\",\"seq\":6},\"ae72d79b95b27261dc78db34573ad3115434b0d5e3da86a4117d2ff3e6e06730\":{\"result\":\"created\",\"seq\":4}}}" +
            ",\"counts\":{\"ActionApplied\":2,\"ActionFailed\":1,\"ActionsDecided\":1,\"AgentObserved\":2,\"LeaderElected\":1,\"LegacyLogImported\":1,\"SessionObserved\":1,\"audit.ToolInvoked\":1}" +
            ",\"decisions\":{\"default/alpha\":{\"actions\":[{\"desiredHash\":\"e3155b20e134632816c8611c4e9ee5cbd0e00689f7c4c955ee9f896580d02fdb\",\"id\":\"ae72d79b95b27261dc78db34573ad3115434b0d5e3da86a4117d2ff3e6e06730\",\"kind\":\"ConfigMap\",\"name\":\"alpha-spec\",\"namespace\":\"default\"},{\"desiredHash\":\"602c2f7e2c8d9a937c613dac0c0bb2d056e1d04b363234073378cc8bf3be8b0e\",\"id\":\"5b47dd837fb876d62d7c8d5afab8a787651d02258c8296248496a619221c4026\",\"kind\":\"Deployment\",\"name\":\"alpha-runtime\",\"namespace\":\"default\"}],\"actionsHash\":\"82a4ac95e26f6f462e5eb0e0272393e58b0dbddd7a8981fde54210c2fcf9d392\",\"decidedAtSeq\":3,\"trigger\":{\"hash\":\"795b7f39e30901338e950390f06f06435ca2ec5ac94cd449ff242ccda43aa634\",\"seq\":2}}}" +
            ",\"failures\":{\"default/alpha\":{\"5b47dd837fb876d62d7c8d5afab8a787651d02258c8296248496a619221c4026\":{\"code\":\"K8S_CONFLICT\",\"message\":\"the object has been modified\",\"seq\":5}}}" +
            ",\"head\":{\"hash\":\"faa7f59f7ed83ee83659777880a7d864067715c246ef2040ebb24a6bcd7f8043\",\"seq\":10}" +
            ",\"leader\":{\"epoch\":3,\"identity\":\"rynxs-0\",\"seq\":1}" +
            ",\"rejected\":[{\"reason\":\"payload.generation: missing\",\"seq\":9,\"type\":\"AgentObserved\"}]" +
            ",\"sessions\":{\"s1\":{\"lastObservedSeq\":7,\"spec\":{\"goal\":\"ship\"},\"specHash\":\"f3dd64c7aa2e2fc944ff2ce8c13f959d8b474bfb0d44a426181f552b2181825b\"}}" +
            ",\"v\":1}";
    static final String GOLDEN_HASH = "2c11de61f15a348d3244fdf2f400d5b7bee93d664091c8abbb6c1f5df4efd018";

    @Test
    void the_scripted_sequence_produces_the_golden_state_and_hash() {
        State state = replay(script());

        assertThat(state.toJson().text()).isEqualTo(GOLDEN_JSON);
        assertThat(state.hash()).isEqualTo(GOLDEN_HASH);
    }

    @Test
    void an_observed_agent_is_pending_until_every_action_of_a_newer_decision_is_applied() {
        TestLog log = new TestLog();
        Event observed = log.agentObserved("default", "alpha", 1, obj("role", "worker"));
        assertThat(phase(log)).isEqualTo(Phase.Pending);
        log.actionsDecided("default", "alpha", observed, List.of(CONFIG, RUNTIME));
        log.actionApplied("default", "alpha", CONFIG, "created");
        assertThat(phase(log)).isEqualTo(Phase.Pending);
        log.actionApplied("default", "alpha", RUNTIME, "unchanged");
        assertThat(phase(log)).isEqualTo(Phase.Ready);

        log.agentObserved("default", "alpha", 2, obj("role", "manager"));
        assertThat(phase(log)).isEqualTo(Phase.Pending);
        log.actionApplied("default", "alpha", RUNTIME, "unchanged");
        assertThat(phase(log)).as("a result for the old decision does not make the new spec ready").isEqualTo(Phase.Pending);
    }

    @Test
    void a_failed_action_makes_the_agent_failed_until_it_is_applied_again() {
        TestLog log = new TestLog();
        Event observed = log.agentObserved("default", "alpha", 1, obj("role", "worker"));
        log.actionsDecided("default", "alpha", observed, List.of(CONFIG, RUNTIME));
        log.actionApplied("default", "alpha", CONFIG, "created");
        log.actionFailed("default", "alpha", RUNTIME, "K8S_FORBIDDEN", "deployments is forbidden");
        State failed = replay(log);
        assertThat(failed.agents().get("default/alpha").phase()).isEqualTo(Phase.Failed);
        assertThat(failed.failures().get("default/alpha").get(RUNTIME.id()))
                .isEqualTo(new Failure(FailureCode.K8S_FORBIDDEN, "deployments is forbidden", 4));

        log.actionApplied("default", "alpha", RUNTIME, "created");
        assertThat(phase(log)).isEqualTo(Phase.Ready);
    }

    @Test
    void a_decision_without_actions_makes_the_agent_ready_at_once() {
        TestLog log = new TestLog();
        Event observed = log.agentObserved("default", "alpha", 1, obj());
        log.actionsDecided("default", "alpha", observed, List.of());
        assertThat(phase(log)).isEqualTo(Phase.Ready);
    }

    @Test
    void a_new_decision_drops_results_and_failures_of_actions_it_no_longer_contains() {
        TestLog log = script();
        Action next = TestLog.action("Deployment", "default", "alpha-runtime", "runtime-v2");
        log.actionsDecided("default", "alpha", log.last(), List.of(CONFIG, next));
        State state = replay(log);

        assertThat(state.applied().get("default/alpha")).containsOnlyKeys(CONFIG.id());
        assertThat(state.failures()).isEmpty();
        assertThat(state.agents().get("default/alpha").phase()).isEqualTo(Phase.Pending);
    }

    @Test
    void deleting_an_agent_removes_its_entry_decision_results_and_failures() {
        TestLog log = script();
        log.agentDeleted("default", "alpha");
        State state = replay(log);

        assertThat(state.agents()).isEmpty();
        assertThat(state.decisions()).isEmpty();
        assertThat(state.applied()).isEmpty();
        assertThat(state.failures()).isEmpty();
        assertThat(state.counts()).containsEntry("AgentDeleted", 1L);
    }

    @Test
    void sessions_are_observed_and_deleted_by_name() {
        TestLog log = new TestLog();
        log.sessionObserved("s1", obj("goal", "ship"));
        log.sessionObserved("s2", obj("goal", "test"));
        log.sessionDeleted("s1");
        State state = replay(log);

        assertThat(state.sessions()).containsOnlyKeys("s2");
        assertThat(state.sessions().get("s2")).isEqualTo(new SessionEntry(obj("goal", "test"),
                ContentHash.ofObject(obj("goal", "test")), 2));
    }

    @Test
    void unknown_types_are_only_counted() {
        TestLog log = new TestLog();
        log.append("audit.ToolInvoked", "agent/default/alpha", obj("tool", "grep", "score", 0.5));
        log.append("legacy.AgentCreated", "legacy/x", obj());
        log.append("SomethingNew", "operator", obj("anything", List.of(1L, "two")));
        State state = replay(log);

        assertThat(state.counts()).containsExactly(Map.entry("SomethingNew", 1L),
                Map.entry("audit.ToolInvoked", 1L), Map.entry("legacy.AgentCreated", 1L));
        assertThat(state.rejected()).isEmpty();
        assertThat(state.agents()).isEmpty();
        assertThat(state.seq()).isEqualTo(3);
    }

    @Test
    void malformed_payloads_are_recorded_as_rejected_and_change_nothing_else() {
        TestLog log = new TestLog();
        Event observed = log.agentObserved("default", "alpha", 1, obj("role", "worker"));
        log.append("AgentObserved", "agent/default/alpha", obj("namespace", "default", "name", "alpha", "generation", 2L,
                "spec", obj("role", "manager"), "labels", obj(), "specHash", ContentHash.ofObject(obj("role", "worker"))));
        log.append("AgentObserved", "agent/default/other", obj("namespace", "default", "name", "alpha", "generation", 2L,
                "spec", obj(), "labels", obj(), "specHash", ContentHash.ofObject(obj())));
        log.append("ActionsDecided", "agent/default/alpha", obj("agent", "default/alpha",
                "trigger", obj("seq", observed.seq(), "hash", observed.hash()), "actions", List.of(CONFIG.toJson()),
                "actionsHash", ContentHash.ofArray(List.of())));
        log.append("ActionFailed", "agent/default/alpha", obj("agent", "default/alpha", "actionId", CONFIG.id(),
                "kind", "ConfigMap", "namespace", "default", "name", "alpha-spec", "code", "TIMEOUT", "message", ""));
        log.append("ActionApplied", "agent/default/alpha", obj("agent", "default", "actionId", CONFIG.id()));
        log.append("SessionObserved", "session/s1", obj("name", "s1", "spec", "not an object", "specHash", "x"));
        log.append("LeaderElected", "operator", obj("identity", "rynxs-1", "epoch", 1.5));
        State state = replay(log);

        assertThat(state.rejected()).extracting(Rejection::seq, Rejection::reason).containsExactly(
                Tuple.tuple(2L, "payload.specHash: does not match the canonical hash of spec"),
                Tuple.tuple(3L, "aggregate: \"agent/default/other\" does not match the payload (expected \"agent/default/alpha\")"),
                Tuple.tuple(4L, "payload.actionsHash: does not match the canonical hash of actions"),
                Tuple.tuple(5L, "payload.code: is not one of K8S_CONFLICT, K8S_FORBIDDEN, K8S_INVALID, K8S_NOT_FOUND, K8S_SERVER_ERROR, K8S_ERROR"),
                Tuple.tuple(6L, "payload.agent: \"default\" is not namespace/name"),
                Tuple.tuple(7L, "payload.spec: expected an object, found a string"),
                Tuple.tuple(8L, "payload.epoch: expected an integer >= 0, found a non-integer number"));
        assertThat(state.agents().get("default/alpha")).isEqualTo(replay(prefix(log, 1)).agents().get("default/alpha"));
        assertThat(state.decisions()).isEmpty();
        assertThat(state.failures()).isEmpty();
        assertThat(state.applied()).isEmpty();
        assertThat(state.sessions()).isEmpty();
        assertThat(state.leader()).isEmpty();
        assertThat(state.counts()).containsEntry("AgentObserved", 3L).containsEntry("LeaderElected", 1L);
        assertThat(state.seq()).isEqualTo(8);
    }

    @Test
    void an_action_whose_id_is_not_its_content_hash_is_rejected() {
        TestLog log = new TestLog();
        Event observed = log.agentObserved("default", "alpha", 1, obj());
        Map<String, Object> forged = new LinkedHashMap<>(CONFIG.toJson());
        forged.put("desiredHash", RUNTIME.desiredHash());
        log.append("ActionsDecided", "agent/default/alpha", obj("agent", "default/alpha",
                "trigger", obj("seq", observed.seq(), "hash", observed.hash()), "actions", List.of(forged),
                "actionsHash", ContentHash.ofArray(List.of(forged))));

        assertThat(replay(log).rejected()).extracting(Rejection::reason)
                .containsExactly("payload.actions[0].id: is not the content hash of kind, namespace, name and desiredHash");
    }

    @Test
    void applying_an_event_that_does_not_continue_the_head_throws() {
        TestLog log = script();
        State atFive = replay(prefix(log, 5));

        assertThatThrownBy(() -> atFive.apply(log.events.get(6)))
                .isInstanceOf(StateException.class)
                .hasMessage("apply event 7: the state is at seq 5 and needs event 6 next"
                        + " (replay events in seq order, starting right after the snapshot)");
        Event foreign = new TestLog().agentDeleted("default", "alpha");
        assertThatThrownBy(() -> State.genesis().apply(foreign).apply(foreign))
                .isInstanceOf(StateException.class).hasMessageContaining("needs event 2 next");
        TestLog other = new TestLog();
        other.agentDeleted("default", "zeta");
        other.agentDeleted("default", "zeta");
        assertThatThrownBy(() -> State.genesis().apply(log.events.get(0)).apply(other.events.get(1)))
                .isInstanceOf(StateException.class).hasMessageContaining("belongs to another chain");
    }

    @Test
    void a_state_parsed_from_its_json_is_equal_and_continues_identically() {
        TestLog log = script();
        State atFour = replay(prefix(log, 4));
        State parsed = State.fromJson(atFour.toJson());

        assertThat(parsed).isEqualTo(atFour);
        assertThat(Replay.replay(parsed, log.events.subList(4, log.events.size())).hash()).isEqualTo(GOLDEN_HASH);
    }

    @Test
    void a_stored_snapshot_is_read_only_when_its_bytes_match_the_stored_hash_and_then_continues_identically() {
        TestLog log = script();
        State atFour = replay(prefix(log, 4));
        StateBuilder read = StateBuilder.fromSnapshot(atFour.toJson(), atFour.hash());
        assertThat(read.build()).isEqualTo(atFour);
        for (Event e : log.events.subList(4, log.events.size())) {
            read.apply(e);
        }
        assertThat(read.build().hash()).isEqualTo(GOLDEN_HASH);

        String edited = atFour.toJson().text().replace("\"role\":\"worker\"", "\"role\":\"admin\"");
        assertThat(edited).isNotEqualTo(atFour.toJson().text());
        assertThatThrownBy(() -> StateBuilder.fromSnapshot(new CanonicalJson(edited), atFour.hash()))
                .isInstanceOf(StateException.class).hasMessageContaining("not the stored " + atFour.hash());
    }

    @Test
    void a_tampered_or_foreign_snapshot_is_refused() {
        String golden = replay(script()).toJson().text();
        assertThatThrownBy(() -> State.fromJson(CanonicalJson.of(Map.of("v", 1L))))
                .isInstanceOf(StateException.class).hasMessageStartingWith("parse state snapshot: state.head: missing");
        assertThatThrownBy(() -> parse(golden.replace("\"v\":1", "\"v\":2")))
                .isInstanceOf(StateException.class).hasMessageContaining("state.v: version 2 is not supported");
        assertThatThrownBy(() -> parse(golden.replace("\"goal\":\"ship\"", "\"goal\":\"sink\"")))
                .isInstanceOf(StateException.class).hasMessageContaining("specHash");
        assertThatThrownBy(() -> parse(golden.replace("\"phase\":\"Ready\"", "\"phase\":\"Done\"")))
                .isInstanceOf(StateException.class).hasMessageContaining("phase: is not one of");
        assertThatThrownBy(() -> parse(golden.replace("\"generation\":1,", "\"generation\":1,\"extra\":true,")))
                .isInstanceOf(StateException.class).hasMessageContaining("not the form this version writes");
    }

    @Test
    void the_genesis_state_has_every_section_empty_and_a_zero_head() {
        assertThat(State.genesis().toJson().text()).isEqualTo("{\"agents\":{},\"applied\":{},\"counts\":{},\"decisions\":{},"
                + "\"failures\":{},\"head\":{\"hash\":\"" + "0".repeat(64) + "\",\"seq\":0},\"leader\":null,"
                + "\"rejected\":[],\"sessions\":{},\"v\":1}");
        assertThat(State.fromJson(State.genesis().toJson())).isEqualTo(State.genesis());
    }

    private static State parse(String json) {
        return State.fromJson(CanonicalJson.parse(json, JsonLimits.DEFAULT, "snapshot"));
    }

    private static TestLog prefix(TestLog log, int n) {
        TestLog p = new TestLog();
        p.events.addAll(log.events.subList(0, n));
        return p;
    }

    private static Phase phase(TestLog log) {
        return replay(log).agents().get("default/alpha").phase();
    }
}
