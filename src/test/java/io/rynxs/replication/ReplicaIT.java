package io.rynxs.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.segment.PutResult;
import io.rynxs.shipping.FollowResult;
import io.rynxs.shipping.LocalDirectoryObjectStore;
import io.rynxs.store.Quarantine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica's roles one transition at a time, on real SQLite files sharing a local-directory bucket. The tests call
 * the loops' steps themselves; only the hand-off of a conflict from the shipping thread is awaited.
 */
class ReplicaIT {
    private static final String WHY = "write-once key segments/x already holds other bytes (a test)";

    @TempDir
    Path dir;

    private LocalDirectoryObjectStore bucket;

    @BeforeEach
    void bucket() {
        bucket = new LocalDirectoryObjectStore(dir.resolve("bucket"));
    }

    private TestReplica replica(String name) {
        return new TestReplica(dir.resolve(name + ".db"), bucket);
    }

    @Test
    void until_it_is_told_its_role_a_replica_is_not_ready_takes_no_appends_and_runs_no_loop() {
        try (TestReplica a = replica("a")) {
            assertThat(a.replica.role()).isEqualTo(Role.STARTING);
            assertThat(a.replica.acceptsAppends()).isFalse();
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(false, "starting"));
            assertThat(a.shipping.isRunning()).isFalse();
            assertThat(a.following.isRunning()).isFalse();
        }
    }

    @Test
    void the_only_writer_ships_from_the_start_at_epoch_0_and_is_never_elected_or_made_to_follow() {
        try (TestReplica a = replica("a")) {
            a.replica.writeAlone();
            assertThat(a.replica.role()).isEqualTo(Role.ONLY_WRITER);
            assertThat(a.replica.acceptsAppends()).isTrue();
            assertThat(a.replica.epoch()).isZero();
            assertThat(a.shipping.isRunning()).isTrue();
            assertThat(a.following.isRunning()).isFalse();
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(true, "leader (no operator loop: this process is the only writer)"));

            a.append(12, 0, "alone");
            a.shipping.step();
            assertThat(a.shippedThrough()).isEqualTo(10);

            assertThatThrownBy(a.replica::follow).isInstanceOf(IllegalStateException.class).hasMessageContaining("only writer");
            assertThatThrownBy(() -> a.replica.lead(1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(a.replica::catchUp).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(a.replica::writeAlone).isInstanceOf(IllegalStateException.class);
            assertThat(a.replica.role()).isEqualTo(Role.ONLY_WRITER);
            assertThat(a.shipping.isRunning()).isTrue();
        }
    }

    @Test
    void a_new_leader_catches_up_from_the_bucket_first_then_ships_and_takes_appends_at_its_epoch() {
        try (TestReplica old = replica("old"); TestReplica next = replica("next")) {
            old.replica.lead(1);
            old.append(20, 1, "old");
            old.shipping.step();
            assertThat(old.shippedThrough()).isEqualTo(20);
            next.replica.follow();
            assertThat(next.following.isRunning()).isTrue();

            FollowResult caught = next.replica.catchUp();
            assertThat(caught.segments()).isEqualTo(2);
            assertThat(caught.events()).isEqualTo(20);
            assertThat(next.store.head()).isEqualTo(old.store.head());
            assertThat(next.following.isRunning()).as("catching up stops following").isFalse();
            assertThat(next.replica.role()).as("caught up, but not leading until told").isEqualTo(Role.FOLLOWER);
            assertThat(next.replica.acceptsAppends()).isFalse();
            assertThat(next.shipping.isRunning()).isFalse();

            next.replica.lead(2);
            assertThat(next.replica.role()).isEqualTo(Role.LEADER);
            assertThat(next.replica.epoch()).isEqualTo(2);
            assertThat(next.replica.acceptsAppends()).isTrue();
            assertThat(next.shipping.isRunning()).isTrue();
            assertThat(next.following.isRunning()).isFalse();
            assertThat(next.lags).as("a leader lags nothing").endsWith(0L);
            assertThat(next.replica.readiness()).isEqualTo(new ReplicaReadiness(true, "role leader, epoch 2"));

            next.append(10, 2, "next");
            next.shipping.step();
            assertThat(next.shippedThrough()).isEqualTo(30);
        }
    }

    @Test
    void a_leader_told_to_follow_stops_shipping_refuses_appends_and_says_how_far_it_holds_the_bucket() {
        try (TestReplica a = replica("a"); TestReplica b = replica("b")) {
            a.replica.lead(1);
            a.append(10, 1, "a");
            a.shipping.step();

            a.replica.follow();
            assertThat(a.replica.role()).isEqualTo(Role.FOLLOWER);
            assertThat(a.replica.acceptsAppends()).isFalse();
            assertThat(a.shipping.isRunning()).isFalse();
            assertThat(a.following.isRunning()).isTrue();
            assertThat(a.replica.readiness()).as("no poll yet")
                    .isEqualTo(new ReplicaReadiness(true, "role follower, following " + bucket.describe() + ", head seq 10"));

            b.replica.catchUp();
            b.replica.lead(2);
            b.append(10, 2, "b");
            b.shipping.step();
            Optional<FollowResult> polled = a.following.step();
            assertThat(polled).hasValueSatisfying(r -> assertThat(r.segments()).isEqualTo(1));
            assertThat(a.store.head()).isEqualTo(b.store.head());
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(true,
                    "role follower, following " + bucket.describe() + ", holds seq 20, bucket at 20, lag 0 events"));
            assertThat(a.replica.epoch()).as("the epoch it led at, though it appends at none now").isEqualTo(1);
        }
    }

    @Test
    void a_deposed_leader_rejoining_as_follower_moves_its_unshipped_tail_to_the_quarantine() {
        try (TestReplica old = replica("old"); TestReplica next = replica("next")) {
            old.replica.lead(1);
            old.append(20, 1, "old");
            old.shipping.step();
            old.append(7, 1, "unshipped");

            next.replica.catchUp();
            next.replica.lead(2);
            next.append(5, 2, "next");
            next.shipper.runOnce(true);

            old.replica.follow();
            Optional<FollowResult> polled = old.following.step();
            assertThat(polled).isPresent();
            Quarantine.Batch moved = polled.get().quarantined().orElseThrow();
            assertThat(moved.kind()).isEqualTo("diverged");
            assertThat(moved.firstSeq()).isEqualTo(21);
            assertThat(moved.lastSeq()).isEqualTo(27);
            assertThat(new Quarantine(old.store).count()).isEqualTo(7);
            assertThat(old.store.head()).isEqualTo(next.store.head());
            assertThat(old.replica.readiness().detail()).endsWith("holds seq 25, bucket at 25, lag 0 events");
        }
    }

    @Test
    void stepping_down_refuses_appends_for_good_follows_and_records_the_next_quarantine_as_a_fencing_conflict() {
        try (TestReplica a = replica("a"); TestReplica b = replica("b")) {
            a.replica.lead(1);
            a.append(20, 1, "a");
            a.shipping.step();
            a.append(3, 1, "unshipped");
            List<String> told = new ArrayList<>();
            a.replica.whenSteppedDown(told::add);

            a.replica.stepDown(WHY);
            assertThat(a.replica.role()).isEqualTo(Role.STEPPED_DOWN);
            assertThat(a.replica.acceptsAppends()).isFalse();
            assertThat(a.shipping.isRunning()).isFalse();
            assertThat(a.following.isRunning()).isTrue();
            assertThat(told).as("the election is told").containsExactly(WHY);
            assertThat(a.conflicts).hasValue(1);
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(true, "role follower, following " + bucket.describe()
                    + ", head seq 23; stepped down after a fencing conflict: " + WHY));

            a.replica.lead(3);
            a.replica.follow();
            a.replica.stepDown("again");
            assertThatThrownBy(a.replica::catchUp).isInstanceOf(IllegalStateException.class);
            assertThat(a.replica.role()).as("for good").isEqualTo(Role.STEPPED_DOWN);
            assertThat(a.replica.acceptsAppends()).isFalse();
            assertThat(a.shipping.isRunning()).isFalse();
            assertThat(told).containsExactly(WHY);
            assertThat(a.conflicts).hasValue(1);
            List<String> late = new ArrayList<>();
            a.replica.whenSteppedDown(late::add);
            assertThat(late).as("an election that listens afterwards is told at once").containsExactly(WHY);

            b.replica.catchUp();
            b.replica.lead(2);
            b.append(4, 2, "b");
            b.shipper.runOnce(true);
            Quarantine.Batch moved = a.following.step().orElseThrow().quarantined().orElseThrow();
            assertThat(moved.kind()).isEqualTo("fencing-conflict");
            assertThat(moved.reason()).contains("fencing conflict: " + WHY);
            assertThat(moved.count()).isEqualTo(3);
            assertThat(a.store.head()).isEqualTo(b.store.head());
        }
    }

    @Test
    void a_write_once_conflict_in_the_shipping_step_makes_the_replica_step_down() {
        try (TestReplica a = replica("a"); TestReplica b = replica("b")) {
            // Split brain: both lead at the same epoch and write other events at the same seqs.
            a.replica.lead(1);
            b.replica.lead(1);
            a.append(10, 1, "a");
            b.append(10, 1, "b");
            a.shipping.step();
            assertThat(b.shipping.step()).as("the loop ends").isNull();

            await("the hand-off thread steps down").atMost(Duration.ofSeconds(30)).until(() -> b.replica.role() == Role.STEPPED_DOWN);
            assertThat(b.replica.acceptsAppends()).isFalse();
            assertThat(b.replica.readiness().detail()).contains("stepped down after a fencing conflict: write-once key ")
                    .contains("already holds other bytes (another process leads and ships this log)");
            assertThat(b.conflicts).hasValue(1);
            assertThat(a.replica.role()).isEqualTo(Role.LEADER);
        }
    }

    @Test
    void readiness_names_the_role_in_every_state_and_a_failed_poll_until_one_succeeds() {
        AtomicBoolean down = new AtomicBoolean();
        try (TestReplica a = new TestReplica(dir.resolve("a.db"), failing(bucket, down), true)) {
            String following = "role follower, following " + bucket.describe();
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(false, "starting"));
            a.replica.lead(4);
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(true, "role leader, epoch 4 (forced without the Lease: test only)"));
            a.replica.follow();
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(true, following + ", head seq 0"));
            a.following.step();
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(true, following + ", holds seq 0, bucket at 0, lag 0 events"));
            down.set(true);
            assertThat(a.following.step()).isEmpty();
            assertThat(a.replica.readiness().detail()).isEqualTo(following + ", holds seq 0, bucket at 0, lag 0 events; last poll failed: "
                    + a.following.lastError()).contains("bucket down");
            down.set(false);
            a.following.step();
            assertThat(a.replica.readiness().detail()).doesNotContain("last poll failed");
            a.replica.stepDown(WHY);
            assertThat(a.replica.readiness()).isEqualTo(new ReplicaReadiness(true, following + ", holds seq 0, bucket at 0, lag 0 events;"
                    + " stepped down after a fencing conflict: " + WHY));
        }
    }

    @Test
    void closing_a_leader_seals_and_ships_its_tail_then_no_transition_starts_a_loop() {
        try (TestReplica a = replica("a")) {
            a.replica.lead(1);
            a.append(13, 1, "a");
            a.replica.close();
            assertThat(a.shippedThrough()).as("the tail too").isEqualTo(13);
            assertThat(a.replica.acceptsAppends()).isFalse();
            a.replica.follow();
            a.replica.lead(2);
            assertThat(a.following.isRunning()).isFalse();
            assertThat(a.shipping.isRunning()).isFalse();
        }
    }

    @Test
    void closing_a_follower_ships_nothing() {
        try (TestReplica a = replica("a")) {
            a.replica.lead(1);
            a.append(13, 1, "a");
            a.replica.follow();
            a.replica.close();
            assertThat(a.shippedThrough()).isZero();
            assertThat(a.following.isRunning()).isFalse();
        }
    }

    /** The bucket, with listing failing while {@code down} is set. */
    private static ObjectStore failing(ObjectStore bucket, AtomicBoolean down) {
        return new ObjectStore() {
            @Override
            public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
                return bucket.putIfAbsent(key, bytes, sha256);
            }

            @Override
            public void replace(String key, byte[] bytes, String sha256) {
                bucket.replace(key, bytes, sha256);
            }

            @Override
            public Optional<byte[]> get(String key) {
                return bucket.get(key);
            }

            @Override
            public boolean exists(String key) {
                return bucket.exists(key);
            }

            @Override
            public List<String> list(String prefix) {
                if (down.get()) {
                    throw new ObjectStoreException("list " + prefix + ": bucket down (a test)");
                }
                return bucket.list(prefix);
            }

            @Override
            public String describe() {
                return bucket.describe();
            }
        };
    }
}
