package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.store.AppendRequest;
import io.rynxs.store.Quarantine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Followers apply the bucket; a deposed leader's unshipped tail goes to quarantine, never silently away. */
class FollowerIT {
    @TempDir
    Path dir;

    private Follower follower(TestLog log, LocalDirectoryObjectStore bucket) {
        return new Follower(log.store, log.history, log.checkpoints, bucket, new SegmentLayout(""), TestLog.SIGNER.verifierKey(),
                Clock.systemUTC(), FollowerMetrics.NONE);
    }

    private static void appendAt(TestLog log, long epoch, int n, String tag) {
        for (int i = 0; i < n; i++) {
            log.store.append(AppendRequest.of(new NewEvent("audit.Test", "t/" + tag, CanonicalJson.of(Map.of("i", i, "tag", tag)),
                    CanonicalJson.EMPTY), epoch));
        }
    }

    @Test
    void a_follower_applies_every_verified_segment_and_only_those() {
        LocalDirectoryObjectStore bucket = new LocalDirectoryObjectStore(dir.resolve("bucket"));
        try (TestLog leader = new TestLog(dir.resolve("a.db"), 3); TestLog follower = new TestLog(dir.resolve("b.db"), 3)) {
            leader.append(30);
            Shipper shipper = leader.shipper(bucket, new SegmentLayout(""), 10);
            shipper.runOnce();
            long shipped = leader.ledger.shippedThrough();
            Follower f = follower(follower, bucket);
            FollowResult r = f.runOnce();
            assertThat(r.head()).isEqualTo(shipped);
            assertThat(r.lag()).isZero();
            assertThat(follower.store.head().hash()).isEqualTo(leader.store.event(shipped).orElseThrow().hash());
            assertThat(follower.ledger.shippedThrough()).isEqualTo(shipped);

            leader.append(25);
            shipper.runOnce(true);
            FollowResult again = f.runOnce();
            assertThat(again.head()).isEqualTo(leader.store.head().seq());
            assertThat(follower.store.root(again.head())).isEqualTo(leader.store.root(again.head()));
            assertThat(f.runOnce().segments()).as("nothing new: nothing applied").isZero();
            assertThat(follower.store.verify(1, 0).ok()).isTrue();
        }
    }

    @Test
    void a_deposed_leader_quarantines_exactly_its_unshipped_tail_then_follows_the_new_chain() throws SQLException {
        LocalDirectoryObjectStore bucket = new LocalDirectoryObjectStore(dir.resolve("bucket"));
        try (TestLog old = new TestLog(dir.resolve("a.db"), 3); TestLog next = new TestLog(dir.resolve("b.db"), 3)) {
            appendAt(old, 0, 20, "old");
            old.shipper(bucket, new SegmentLayout(""), 10).runOnce(true);
            follower(next, bucket).catchUp();
            appendAt(old, 0, 7, "unshipped");
            old.checkpoints.createAt(old.store.head().seq(), TestLog.SIGNER);
            List<Event> tail = old.store.range(21, 27);

            appendAt(next, 1, 5, "new-leader");
            next.shipper(bucket, new SegmentLayout(""), 10).runOnce(true);

            FollowResult r = follower(old, bucket).runOnce();
            assertThat(r.quarantined()).isPresent();
            Quarantine.Batch b = r.quarantined().get();
            assertThat(b.firstSeq()).isEqualTo(21);
            assertThat(b.lastSeq()).isEqualTo(27);
            assertThat(b.count()).isEqualTo(7);
            assertThat(b.kind()).isEqualTo("diverged");
            assertThat(b.checkpoints()).hasSize(1);
            Quarantine q = new Quarantine(old.store);
            assertThat(q.events(b.batch())).containsExactlyElementsOf(tail);
            assertThat(q.count()).isEqualTo(7);
            assertThat(old.store.head()).isEqualTo(next.store.head());
            assertThat(old.store.root(25)).isEqualTo(next.store.root(25));
            assertThat(old.store.verify(1, 0).ok()).isTrue();
            assertThat(old.checkpoints.at(27)).isEmpty();
            assertThat(new SegmentVerifier(bucket, new SegmentLayout(""), TestLog.SIGNER.verifierKey()).verify().ok()).isTrue();

            // The old log appends again on top of the new chain: the Merkle tree was cut back correctly.
            appendAt(old, 1, 20, "later");
            assertThat(old.store.verify(1, 0).ok()).isTrue();
            try (TestLog fresh = new TestLog(dir.resolve("c.db"), 3)) {
                fresh.store.appendVerified(old.store.range(1, old.store.head().seq()));
                assertThat(old.store.root(old.store.head().seq())).isEqualTo(fresh.store.root(fresh.store.head().seq()));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.db"));
             Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("DELETE FROM events WHERE seq = 30")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM quarantine")).hasMessageContaining("kept forever");
            assertThatThrownBy(() -> st.execute("UPDATE maintenance SET active = 1, batch = 99, after_seq = 0"))
                    .hasMessageContaining("recorded quarantine batch");
            assertThatThrownBy(() -> st.execute("DELETE FROM merkle_nodes")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM segments")).hasMessageContaining("never deleted");
        }
    }

    @Test
    void a_tail_with_nothing_after_it_in_the_bucket_is_kept_to_ship() {
        LocalDirectoryObjectStore bucket = new LocalDirectoryObjectStore(dir.resolve("bucket"));
        try (TestLog log = new TestLog(dir.resolve("a.db"), 3)) {
            appendAt(log, 0, 12, "x");
            log.shipper(bucket, new SegmentLayout(""), 10).runOnce();
            appendAt(log, 0, 3, "y");
            FollowResult r = follower(log, bucket).catchUp();
            assertThat(r.quarantined()).isEmpty();
            assertThat(log.store.head().seq()).isEqualTo(15);
        }
    }
}
