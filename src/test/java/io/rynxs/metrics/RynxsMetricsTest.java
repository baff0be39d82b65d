package io.rynxs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.rynxs.checkpoint.CheckpointCode;
import io.rynxs.event.Event;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.state.KnownEventType;
import io.rynxs.witness.WitnessMetrics.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What producers and callers can make of the labels: a fixed set of series, however many names they invent. */
class RynxsMetricsTest {
    private static final String ZEROS = "0".repeat(64);

    final RynxsMetrics metrics = new RynxsMetrics();

    static Event event(long seq, String type) {
        return Event.seal(NewEvent.of(type, "session/s", "{}", null, JsonLimits.DEFAULT), seq, "2026-01-01T00:00:00.000Z", 0, ZEROS);
    }

    static Map<String, Double> byLabel(CounterSnapshot snapshot, String label) {
        Map<String, Double> out = new TreeMap<>();
        for (CounterDataPointSnapshot p : snapshot.getDataPoints()) {
            out.put(p.getLabels().get(label), p.getValue());
        }
        return out;
    }

    @Test
    void two_thousand_distinct_external_types_are_counted_in_one_series() {
        List<Event> batch = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            batch.add(event(i, "audit.Type" + i));
        }
        batch.add(event(2001, "legacy.tool-call"));
        batch.add(event(2002, "billing.Invoice.Paid"));
        metrics.committed(batch, 1_000);

        Map<String, Double> counts = byLabel(metrics.eventsTotal.collect(), "event_type");
        assertThat(counts).hasSize(KnownEventType.values().length + 2).containsEntry("external", 2002.0);
        assertThat(metrics.headSeq.collect().getDataPoints().get(0).getValue()).isEqualTo(2002.0);
    }

    @Test
    void operator_types_keep_their_own_series_and_unknown_operator_style_names_share_one() {
        List<Event> batch = new ArrayList<>();
        long seq = 0;
        for (KnownEventType t : KnownEventType.values()) {
            batch.add(event(++seq, t.name()));
        }
        for (int i = 0; i < 500; i++) {
            batch.add(event(++seq, "FutureType" + i));
        }
        metrics.committed(batch, 1_000);

        Map<String, Double> counts = byLabel(metrics.eventsTotal.collect(), "event_type");
        for (KnownEventType t : KnownEventType.values()) {
            assertThat(counts).containsEntry(t.name(), 1.0);
        }
        assertThat(counts).containsEntry("other", 500.0).containsEntry("external", 0.0)
                .hasSize(KnownEventType.values().length + 2);
    }

    @Test
    void every_event_type_series_exists_at_zero_before_the_first_event() {
        // increase() over a series that appears with its first event reads that event as the start value and misses it.
        Map<String, Double> counts = byLabel(metrics.eventsTotal.collect(), "event_type");
        List<String> expected = new ArrayList<>(Stream.of(KnownEventType.values()).map(Enum::name).toList());
        expected.add("external");
        expected.add("other");
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(counts.values()).containsOnly(0.0);
    }

    @Test
    void http_series_stay_bounded_by_route_template_and_a_fixed_set_of_statuses() {
        for (int status = 100; status <= 599; status++) {
            metrics.record("/api/v1/events/{seq}", status, 0.001);
        }
        Map<String, Double> statuses = byLabel(metrics.httpRequests.collect(), "status");
        assertThat(statuses.keySet()).isSubsetOf(LabelValues.STATUSES).contains("200", "404", "503", "4xx", "5xx")
                .doesNotContain("418", "599");
        assertThat(statuses.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(500.0);
        assertThat(metrics.httpDuration.collect().getDataPoints()).hasSize(1);
    }

    @Test
    void checkpoint_failures_are_counted_by_code_and_every_failure_code_exists_from_the_start() {
        metrics.checkpointVerifyFailed(CheckpointCode.BAD_SIGNATURE);
        Map<String, Double> codes = byLabel(metrics.checkpointVerifyFailures.collect(), "code");
        assertThat(codes).hasSize(CheckpointCode.values().length - 1).containsEntry("BAD_SIGNATURE", 1.0).containsEntry("ROOT_MISMATCH", 0.0)
                .doesNotContainKey("OK");
    }

    @Test
    void without_witnesses_there_is_no_quorum_series_to_alert_on_and_with_them_it_starts_met() {
        assertThat(metrics.registry().scrape().stream().map(s -> s.getMetadata().getName())).doesNotContain("rynxs_witness_quorum_met");
        metrics.quorumMet(false);
        assertThat(metrics.witnessQuorumMet).isNull();
        metrics.witnesses(List.of("w1"));
        assertThat(metrics.witnessQuorumMet.collect().getDataPoints().get(0).getValue()).isEqualTo(1.0);
    }

    @Test
    void the_unshipped_count_follows_appends_once_shipping_said_what_the_sink_holds() {
        metrics.committed(List.of(event(10, "audit.X")), 1);
        assertThat(metrics.unshipped.collect().getDataPoints().get(0).getValue()).as("not known yet").isEqualTo(0.0);
        metrics.shippedThrough(4);
        assertThat(metrics.unshipped.collect().getDataPoints().get(0).getValue()).isEqualTo(6.0);
        metrics.committed(List.of(event(11, "audit.X"), event(12, "audit.X")), 1);
        assertThat(metrics.unshipped.collect().getDataPoints().get(0).getValue()).as("no shipping step since").isEqualTo(8.0);
        metrics.shippedThrough(12);
        assertThat(metrics.unshipped.collect().getDataPoints().get(0).getValue()).isEqualTo(0.0);
    }

    @Test
    void build_info_names_the_version_and_the_java_runtime() {
        RynxsMetrics m = new RynxsMetrics("1.2.3");
        String info = m.registry().scrape().stream().filter(s -> s.getMetadata().getName().equals("rynxs_build"))
                .flatMap(s -> s.getDataPoints().stream()).map(p -> p.getLabels().get("version") + "/" + p.getLabels().get("java_version"))
                .findFirst().orElseThrow();
        assertThat(info).isEqualTo("1.2.3/" + System.getProperty("java.version"));
    }

    @Test
    void witness_series_exist_for_every_witness_and_reason_from_the_start_and_count_per_witness() {
        metrics.witnesses(List.of("w1", "w2"));
        metrics.cosigned("w1");
        metrics.failed("w2", Failure.BAD_PROOF);
        metrics.quorumMet(false);
        assertThat(byLabel(metrics.witnessCosignatures.collect(), "witness")).containsExactlyEntriesOf(new TreeMap<>(Map.of("w1", 1.0, "w2", 0.0)));
        Map<String, Double> failures = new TreeMap<>();
        metrics.witnessFailures.collect().getDataPoints()
                .forEach(p -> failures.put(p.getLabels().get("witness") + "/" + p.getLabels().get("reason"), p.getValue()));
        assertThat(failures).hasSize(2 * Failure.values().length).containsEntry("w2/bad_proof", 1.0)
                .containsEntry("w1/bad_proof", 0.0).containsEntry("w2/unavailable", 0.0);
        assertThat(metrics.witnessQuorumMet.collect().getDataPoints().get(0).getValue()).isEqualTo(0.0);
    }
}
