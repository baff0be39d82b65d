package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.decision.OperatorWorkload;
import io.rynxs.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying sealed events into another log keeps their bytes and hashes, and refuses anything that does not continue the head. */
class AppendVerifiedIT {
    @TempDir
    Path dir;

    @Test
    void copied_events_keep_their_hashes_and_give_the_same_merkle_roots() {
        try (EventStore source = EventStore.open(StoreOptions.of(dir.resolve("a.db")));
             EventStore copy = EventStore.open(StoreOptions.of(dir.resolve("b.db")))) {
            new OperatorWorkload(3).append(source::appendAsync, 60);
            List<Event> all = source.range(1, source.head().seq());

            copy.appendVerified(all.subList(0, 25));
            Event last = copy.appendVerified(all.subList(25, all.size()));

            assertThat(last).isEqualTo(all.get(all.size() - 1));
            assertThat(copy.head()).isEqualTo(source.head());
            assertThat(copy.range(1, copy.head().seq())).isEqualTo(all);
            assertThat(copy.root(all.size())).isEqualTo(source.root(all.size()));
            assertThat(copy.root(17)).isEqualTo(source.root(17));
            assertThat(copy.verify(1, 0).ok()).isTrue();
        }
    }

    @Test
    void a_gap_a_wrong_prev_a_forged_hash_or_a_lower_epoch_writes_nothing() {
        try (EventStore source = EventStore.open(StoreOptions.of(dir.resolve("a.db")));
             EventStore copy = EventStore.open(StoreOptions.of(dir.resolve("b.db")))) {
            new OperatorWorkload(2).append(source::appendAsync, 24);
            List<Event> all = source.range(1, source.head().seq());
            copy.appendVerified(all.subList(0, 5));

            assertThatThrownBy(() -> copy.appendVerified(all.subList(6, 8))).isInstanceOf(HeadMismatchException.class)
                    .hasMessageContaining("seq 7 does not follow the head 5");
            List<Event> forged = new ArrayList<>(all.subList(5, 8));
            Event e = forged.get(1);
            forged.set(1, new Event(e.v(), e.seq(), e.type(), "agent/forged", e.time(), e.epoch(), e.payload(), e.meta(), e.prev(), e.hash()));
            assertThatThrownBy(() -> copy.appendVerified(forged)).hasMessageContaining("event 7: hash");
            Event six = all.get(5);
            Event relinked = new Event(six.v(), six.seq(), six.type(), six.aggregate(), six.time(), six.epoch(), six.payload(), six.meta(),
                    all.get(0).hash(), six.hash());
            assertThatThrownBy(() -> copy.appendVerified(List.of(relinked))).hasMessageContaining("prev");

            assertThat(copy.head().seq()).as("nothing of the refused batches was written").isEqualTo(5);
            assertThat(copy.appendVerified(all.subList(5, 8)).seq()).isEqualTo(8);
        }
    }
}
