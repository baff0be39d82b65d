package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Event;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores open on one file (as when `rynxs append` runs beside `rynxs serve`): each batch holds the
 * write lock alone, a writer whose cached head went stale notices it and continues the real chain.
 */
class TwoWritersIT {
    @TempDir
    Path dir;

    @Test
    void a_second_writer_on_the_same_file_never_forks_or_breaks_the_chain() {
        Path db = dir.resolve("log.db");
        try (EventStore a = EventStore.open(StoreOptions.of(db)); EventStore b = EventStore.open(StoreOptions.of(db))) {
            for (int round = 0; round < 5; round++) {
                Event fromA = a.append(AppendRequest.of(event("a", round)));
                Event fromB = b.append(AppendRequest.of(event("b", round)));
                assertThat(fromB.seq()).isEqualTo(fromA.seq() + 1);
                assertThat(fromB.prev()).isEqualTo(fromA.hash());
            }
            Event last = a.append(AppendRequest.of(event("a", 99)));
            assertThat(last.seq()).isEqualTo(11);
            VerifyResult v = a.verify(1, 0);
            assertThat(v.ok()).as(v.toString()).isTrue();
            assertThat(v.checked()).isEqualTo(11);
            assertThat(a.root(11)).isEqualTo(b.root(11));
        }
        try (EventStore reopened = EventStore.open(StoreOptions.of(db))) {
            assertThat(reopened.append(AppendRequest.of(event("c", 0))).seq()).isEqualTo(12);
            assertThat(reopened.inclusionProof(12, 12).treeSize()).isEqualTo(12);
        }
    }

    private static NewEvent event(String who, int i) {
        return NewEvent.of("audit.Step", "writer/" + who, "{\"i\":" + i + "}", null, JsonLimits.DEFAULT);
    }
}
