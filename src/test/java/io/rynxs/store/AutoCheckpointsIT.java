package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.state.SnapshotPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic-checkpoint step signs when N events or T time passed since the last one, and only when the log grew. */
class AutoCheckpointsIT {
    private static final Ed25519Signer KEY = Ed25519Signer.fromSeed("rynxs.example/auto", new byte[32]);

    @TempDir
    Path dir;

    @Test
    void checkpoints_follow_the_event_count_and_the_interval_and_never_repeat_a_size() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            Checkpoints checkpoints = new Checkpoints(store, new StateHistory(store, SnapshotPolicy.DEFAULT), clock);
            AutoCheckpoints auto = new AutoCheckpoints(checkpoints, store, KEY, 10, Duration.ofSeconds(30), clock);

            assertThat(auto.runOnce()).as("an empty log is not signed").isEmpty();
            StoreMerkleIT.appendMany(store, 3);
            assertThat(auto.runOnce()).as("first growth, no checkpoint yet: the interval since epoch has passed")
                    .hasValueSatisfying(c -> assertThat(c.treeSize()).isEqualTo(3));
            StoreMerkleIT.appendMany(store, 4);
            assertThat(auto.runOnce()).as("7 events, 0 s later: nothing due").isEmpty();
            clock.advance(Duration.ofSeconds(31));
            assertThat(auto.runOnce()).hasValueSatisfying(c -> assertThat(c.treeSize()).isEqualTo(7));
            assertThat(auto.runOnce()).as("no growth: nothing to sign").isEmpty();
            StoreMerkleIT.appendMany(store, 10);
            assertThat(auto.runOnce()).as("10 new events: due by count").hasValueSatisfying(c -> assertThat(c.treeSize()).isEqualTo(17));
            assertThat(checkpoints.list(0, 100)).extracting(StoredCheckpoint::treeSize).containsExactly(3L, 7L, 17L);
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
