package io.rynxs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** How verified legacy records become our events. */
class LegacyImportTest {
    @Test
    void each_record_becomes_a_legacy_event_with_its_hash_seq_ts_version_and_meta_kept() throws IOException {
        VerifiedLegacyLog log = LegacyChain.verify(LegacyFixtures.asLines("mixed", LegacyFixtures.lines(LegacyFixtures.MIXED)));

        List<NewEvent> events = LegacyImport.events(log, "mixed.jsonl", JsonLimits.DEFAULT);

        assertThat(events).hasSize(13);
        NewEvent first = events.get(0);
        LegacyRecord r0 = log.records().get(0);
        assertThat(first.type()).isEqualTo("legacy.AgentObserved");
        assertThat(first.aggregate()).isEqualTo("universe/agent-000");
        assertThat(first.payload().toMap()).isEqualTo(r0.payload());
        assertThat(first.meta().toMap()).isEqualTo(Map.of("legacy", Map.of("event_hash", r0.eventHash(), "seq", 0L, "ts", 0L,
                "hash_version", "v1", "meta", Map.of("resource", "agents", "source", "kubernetes"))));
        assertThat(events.get(1).type()).isEqualTo("legacy.ActionsDecided");
        assertThat(events.get(1).meta().toMap()).isEqualTo(Map.of("legacy", Map.of("event_hash", log.records().get(1).eventHash(),
                "seq", 1L, "ts", 1L, "hash_version", "v2", "meta", Map.of())));
    }

    @Test
    void the_summary_pins_the_legacy_head_and_counts_each_version() throws IOException {
        VerifiedLegacyLog log = LegacyChain.verify(LegacyFixtures.asLines("mixed", LegacyFixtures.lines(LegacyFixtures.MIXED)));

        NewEvent summary = LegacyImport.events(log, "/logs/mixed.jsonl", JsonLimits.DEFAULT).get(12);

        assertThat(summary.type()).isEqualTo("LegacyLogImported");
        assertThat(summary.aggregate()).isEqualTo("operator");
        assertThat(summary.payload().text()).isEqualTo("{\"hashVersions\":{\"v1\":6,\"v2\":6},\"headHash\":\"" + LegacyFixtures.MIXED_HEAD
                + "\",\"lastSeq\":11,\"records\":12,\"source\":\"/logs/mixed.jsonl\"}");
        assertThat(LegacyImport.sameLog(summary.payload(), LegacyFixtures.MIXED_HEAD)).isTrue();
        assertThat(LegacyImport.sameLog(summary.payload(), "0".repeat(64))).isFalse();
    }

    @Test
    void an_aggregate_id_our_rules_refuse_is_sanitized_and_the_original_kept_in_meta() {
        LegacyRecord r = record("bad\"id\\with\ttab", "AgentObserved");

        NewEvent e = LegacyImport.event(r, JsonLimits.DEFAULT);

        assertThat(e.aggregate()).isEqualTo("bad_id_with_tab");
        assertThat(e.meta().toMap().get("legacy")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("aggregate_id", "bad\"id\\with\ttab");
    }

    @Test
    void an_empty_or_overlong_aggregate_id_still_gives_a_valid_aggregate() {
        assertThat(LegacyAggregate.of("")).isEqualTo("legacy");
        assertThat(LegacyAggregate.of("a".repeat(300) + "\n")).hasSize(253);
    }

    @Test
    void a_type_that_cannot_follow_legacy_dot_is_refused() {
        LegacyRecord r = record("x", "Agent Observed");

        assertThatThrownBy(() -> LegacyImport.event(r, JsonLimits.DEFAULT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("legacy.Agent Observed");
    }

    @Test
    void a_payload_over_the_size_limit_is_refused_naming_the_record() throws IOException {
        VerifiedLegacyLog log = LegacyChain.verify(LegacyFixtures.asLines("mixed", LegacyFixtures.lines(LegacyFixtures.MIXED)));

        assertThatThrownBy(() -> LegacyImport.events(log, "s", new JsonLimits(300, 64)))
                .isInstanceOfSatisfying(LegacyRecordException.class, e -> {
                    assertThat(e.file()).isEqualTo("mixed");
                    assertThat(e.legacySeq()).isNotNull();
                    assertThat(e.reason()).contains("cannot be carried into the log").contains("over the limit of 300");
                });
    }

    private static LegacyRecord record(String aggregateId, String type) {
        Map<String, Object> payload = Map.of("k", 1L);
        return new LegacyRecord(type, aggregateId, 0, 0, payload, Map.of(), HashVersion.V1, Map.of(), "a".repeat(64), "0".repeat(64));
    }
}
