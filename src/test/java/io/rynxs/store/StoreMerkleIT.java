package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.merkle.ConsistencyProof;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.merkle.MemoryTree;
import io.rynxs.merkle.MerkleHasher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Merkle tree kept in SQLite agrees with an in-memory tree built from the event hashes, at every size. */
class StoreMerkleIT {
    @TempDir
    Path dir;

    @Test
    void roots_and_proofs_from_the_database_match_an_independent_tree_at_every_size() throws Exception {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            List<Event> events = appendMany(store, 300);
            MemoryTree reference = MemoryTree.ofLeafHashes(List.of());
            Random random = new Random(42);
            for (int n = 1; n <= events.size(); n++) {
                reference.append(MerkleHasher.leafHash(events.get(n - 1).hashBytes()));
                assertThat(store.root(n)).as("root at size %d", n).isEqualTo(reference.root());
                long seq = 1 + random.nextInt(n);
                InclusionProof p = store.inclusionProof(seq, n);
                p.verify(new Hash32(MerkleHasher.leafHash(events.get((int) seq - 1).hashBytes())), reference.root());
                long from = 1 + random.nextInt(n);
                ConsistencyProof c = store.consistencyProof(from, n);
                c.verify(store.root(from), reference.root());
            }
            assertThat(store.root(0)).isEqualTo(new Hash32(MerkleHasher.emptyRoot()));
        }
    }

    @Test
    void a_log_written_without_the_tree_gets_it_built_when_reopened() throws Exception {
        Path db = dir.resolve("log.db");
        List<Event> events;
        try (EventStore store = EventStore.open(StoreOptions.of(db).withoutMerkle())) {
            events = appendMany(store, 37);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            assertThat(st.executeQuery("SELECT COUNT(*) FROM merkle_nodes").getInt(1)).isZero();
        }
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            MemoryTree reference = MemoryTree.ofLeafHashes(events.stream().map(e -> MerkleHasher.leafHash(e.hashBytes())).toList());
            assertThat(store.root(37)).isEqualTo(reference.root());
            Event next = store.append(AppendRequest.of(event(99)));
            reference.append(MerkleHasher.leafHash(next.hashBytes()));
            assertThat(store.root(38)).isEqualTo(reference.root());
        }
    }

    @Test
    void sizes_beyond_the_head_are_refused() throws Exception {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            appendMany(store, 3);
            assertThatThrownBy(() -> store.root(4)).isInstanceOf(BeyondHeadException.class).hasMessageContaining("outside 0..3");
            assertThatThrownBy(() -> store.inclusionProof(4, 4)).isInstanceOf(BeyondHeadException.class);
            assertThatThrownBy(() -> store.inclusionProof(0, 3)).isInstanceOf(StoreException.class).hasMessageContaining("outside 1..3");
            assertThatThrownBy(() -> store.consistencyProof(3, 2)).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void a_checked_inclusion_proof_is_refused_when_its_path_does_not_reach_the_root_it_is_held_to() {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            appendMany(store, 40);
            Hash32 root = store.root(40);
            assertThat(store.checkedInclusionProof(7, 40, root).hashes()).isEqualTo(store.inclusionProof(7, 40).hashes());
            // The root of another tree, as a checkpoint signed over other rows would carry: the path of 7 in 40 cannot reach it.
            Hash32 other = store.root(39);
            assertThatThrownBy(() -> store.checkedInclusionProof(7, 40, other)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("seq 7 in tree size 40").hasMessageContaining("does not reach the root " + other.hex())
                    .hasMessageContaining("run rynxs verify");
        }
    }

    @Test
    void merkle_nodes_are_append_only_in_sql() throws Exception {
        Path db = dir.resolve("log.db");
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            appendMany(store, 40);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            assertThat(st.executeQuery("SELECT COUNT(*) FROM merkle_nodes").getInt(1)).as("(4,0), (4,1) and (5,0)").isEqualTo(3);
            assertThatThrownBy(() -> st.executeUpdate("UPDATE merkle_nodes SET hash = zeroblob(32)")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM merkle_nodes")).hasMessageContaining("append-only");
        }
    }

    static List<Event> appendMany(EventStore store, int n) {
        List<AppendRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(AppendRequest.of(event(i)));
        }
        return store.appendAll(requests);
    }

    static NewEvent event(int i) {
        return new NewEvent("audit.Step", "operator", new CanonicalJson("{\"i\":" + i + "}"), CanonicalJson.EMPTY);
    }
}
