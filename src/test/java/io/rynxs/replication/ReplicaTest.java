package io.rynxs.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.store.Commitment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the sink's commitments a database must hold before it writes: the one rule of the start-up audit that is the replica's. */
class ReplicaTest {
    private static final List<Commitment> SINK = List.of(at(40), at(55));

    private static Commitment at(long size) {
        return new Commitment("checkpoint " + size, size, "a".repeat(64), "b".repeat(64), null, true);
    }

    @Test
    void the_only_writer_must_hold_everything_the_sink_committed_to_even_beyond_what_it_shipped() {
        assertThat(Replica.requiredAtStart(SINK, 0, false)).isEqualTo(SINK);
        assertThat(Replica.requiredAtStart(SINK, 40, false)).isEqualTo(SINK);
    }

    @Test
    void a_replica_must_hold_only_what_it_shipped_itself_because_it_may_lag_the_bucket_or_hold_a_replaced_tail() {
        assertThat(Replica.requiredAtStart(SINK, 0, true)).isEmpty();
        assertThat(Replica.requiredAtStart(SINK, 54, true)).containsExactly(at(40));
        assertThat(Replica.requiredAtStart(SINK, 55, true)).isEqualTo(SINK);
    }
}
