package io.rynxs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** More than one replica needs a shared bucket and a Lease; the refusal names the key, the value and why. */
class ReplicasConfigTest {
    @Test
    void several_replicas_on_a_local_sink_are_refused_with_the_reason() {
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of("RYNXS_REPLICAS", "3", "RYNXS_LEADER_ELECTION_ENABLED", "true",
                "RYNXS_SEGMENTS_SINK", "file:///tmp/sink/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RYNXS_SEGMENTS_SINK=\"file:///tmp/sink/\"").hasMessageContaining("s3://")
                .hasMessageContaining("its own volume");
    }

    @Test
    void several_replicas_without_leader_election_are_refused() {
        assertThatThrownBy(() -> RynxsConfig.load(Map.of(), Map.of("RYNXS_REPLICAS", "2", "RYNXS_SEGMENTS_SINK", "s3://b/events/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RYNXS_LEADER_ELECTION_ENABLED=\"false\"");
    }

    @Test
    void one_replica_needs_neither_and_several_with_both_start() {
        assertThat(RynxsConfig.load(Map.of(), Map.of()).replicas()).isEqualTo(1);
        assertThat(RynxsConfig.load(Map.of(), Map.of("RYNXS_REPLICAS", "3", "RYNXS_LEADER_ELECTION_ENABLED", "true",
                "RYNXS_SEGMENTS_SINK", "s3://b/events/")).replicas()).isEqualTo(3);
    }
}
