package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages served from line bundles are byte for byte the pages the events table gives, and stale bundles are never served. */
class LineBundlesIT {
    private static final int SIZE = 8;
    private static final String[] PAYLOADS = {"{}", "{\"s\":\"naïve ✓ 😀, \\\"q\\\" \\\\\"}", "{\"n\":-12,\"d\":0.5,\"b\":true,\"z\":null}",
            "{\"nested\":{\"b\":[1,{\"a\":2}],\"a\":\"x,y\"}}"};

    @TempDir
    Path dir;

    private static StoreOptions options(Path db) {
        return StoreOptions.of(db).withLineBundleSize(SIZE);
    }

    private static void append(EventStore store, int n, String tag) {
        List<AppendRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(new AppendRequest(NewEvent.of(i % 3 == 0 ? "AgentObserved" : "audit.ToolInvoked", "agent/default/" + tag + "-" + i,
                    PAYLOADS[i % PAYLOADS.length], i % 2 == 0 ? null : "{\"actor\":\"système\"}", JsonLimits.DEFAULT), 0, null, null));
        }
        store.appendAll(requests);
    }

    /** The same page from the table alone: a second store on the same file with no bundles. */
    private static void assertSamePages(EventStore bundled, Path db, long head) {
        try (EventStore table = EventStore.open(StoreOptions.existing(db).withLineBundleSize(0))) {
            Random random = new Random(7);
            List<EventQuery> queries = new ArrayList<>();
            for (long after = 0; after <= head; after++) {
                queries.add(EventQuery.after(after, 1 + random.nextInt(30)));
            }
            for (int i = 0; i < 300; i++) {
                long before = 1 + random.nextInt((int) head + 5);
                long after = random.nextInt((int) before + 1);
                queries.add(new EventQuery(random.nextBoolean() ? after : 0, before, 1 + random.nextInt(40), random.nextBoolean(),
                        null, null, null, null));
            }
            queries.add(new EventQuery(0, 0, 17, true, null, null, null, null));
            queries.add(EventQuery.after(3, 50).withType("AgentObserved"));
            for (EventQuery q : queries) {
                LinePage expected = table.linePage(q);
                LinePage actual = bundled.linePage(q);
                assertThat(actual.seqs()).as("seqs of %s", q).containsExactly(expected.seqs());
                assertThat(actual.ends()).as("ends of %s", q).containsExactly(expected.ends());
                assertThat(actual.joined()).as("bytes of %s", q).isEqualTo(expected.joined());
            }
        }
    }

    private static List<Path> bundleFiles(Path db) throws IOException {
        try (Stream<Path> files = Files.list(LineBundles.directoryOf(db))) {
            return files.sorted().toList();
        }
    }

    @Test
    void pages_served_from_bundles_equal_the_tables_pages_across_bundles_and_the_tail() throws IOException {
        Path db = dir.resolve("log.db");
        try (EventStore store = EventStore.open(options(db))) {
            append(store, 101, "a");
            assertThat(store.writeLineBundles()).isEqualTo(12);  // 96 events in full bundles, 5 in the tail
            assertThat(store.writeLineBundles()).isZero();
            assertThat(store.lineBundles().count()).isEqualTo(12);
            assertThat(bundleFiles(db)).hasSize(12);
            assertSamePages(store, db, 101);

            // Pages inside the bundles need no query at all: the table is never asked.
            LineBundles bundles = store.lineBundles();
            Function<EventQuery, LinePage> noTable = q -> {
                throw new AssertionError("the table was read for " + q);
            };
            assertThat(bundles.page(EventQuery.after(3, 40), noTable).seqs()).hasSize(40).startsWith(4).endsWith(43);
            assertThat(bundles.page(new EventQuery(0, 90, 20, true, null, null, null, null), noTable).seqs()).startsWith(89).endsWith(70);
            // Filters always go to the table.
            assertThat(bundles.page(EventQuery.after(0, 10).withType("AgentObserved"), noTable)).isNull();
        }
        // Reopened: the files are found, checked and used again.
        try (EventStore store = EventStore.open(options(db))) {
            assertThat(store.lineBundles().count()).isEqualTo(12);
            append(store, 20, "b");
            assertThat(store.writeLineBundles()).isEqualTo(3);
            assertSamePages(store, db, 121);
        }
    }

    @Test
    void a_torn_or_foreign_bundle_is_deleted_and_rebuilt_and_a_read_only_open_leaves_it() throws IOException {
        Path db = dir.resolve("log.db");
        Path other = dir.resolve("other.db");
        try (EventStore a = EventStore.open(options(db)); EventStore b = EventStore.open(options(other))) {
            append(a, 40, "a");
            append(b, 40, "b");
            assertThat(a.writeLineBundles()).isEqualTo(5);
            assertThat(b.writeLineBundles()).isEqualTo(5);
        }
        List<Path> files = bundleFiles(db);
        // Bundle 2 torn (cut short), bundle 3 from the other log, a temporary file left by a crash.
        try (FileChannel ch = FileChannel.open(files.get(1), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        Files.copy(bundleFiles(other).get(2), files.get(2), StandardCopyOption.REPLACE_EXISTING);
        Path tmp = files.get(4).resolveSibling(files.get(4).getFileName() + ".tmp");
        Files.writeString(tmp, "half a bundle");

        try (EventStore unused = EventStore.open(options(db))) {
            assertThat(unused.head().seq()).isEqualTo(40);
        }
        assertThat(bundleFiles(db)).as("a store that reads no page does not read the bundles").hasSize(6);

        try (EventStore readOnly = EventStore.open(StoreOptions.existing(db).withLineBundleSize(SIZE))) {
            assertThat(readOnly.lineBundles().count()).isEqualTo(3);
            assertThat(readOnly.writeLineBundles()).isZero();
            assertSamePages(readOnly, db, 40);
        }
        assertThat(bundleFiles(db)).hasSize(6);  // a reader deletes nothing

        try (EventStore store = EventStore.open(options(db))) {
            assertThat(store.lineBundles().count()).isEqualTo(3);
            assertThat(bundleFiles(db)).hasSize(3).doesNotContain(files.get(1), files.get(2), tmp);
            assertSamePages(store, db, 40);
            assertThat(store.writeLineBundles()).isEqualTo(2);
            assertThat(store.lineBundles().count()).isEqualTo(5);
            assertSamePages(store, db, 40);
        }
    }

    @Test
    void quarantined_events_take_their_bundles_with_them() throws IOException {
        Path db = dir.resolve("log.db");
        try (EventStore store = EventStore.open(options(db))) {
            append(store, 30, "a");
            assertThat(store.writeLineBundles()).isEqualTo(3);  // 1-8, 9-16, 17-24
            new Quarantine(store).moveAfter(12, Quarantine.Kind.DIVERGED, "test: the bucket continued elsewhere", Instant.now());
            assertThat(store.lineBundles().count()).isEqualTo(1);
            assertThat(bundleFiles(db)).hasSize(1);
            append(store, 20, "fork");  // seqs 13..32 again, other events
            assertThat(store.writeLineBundles()).isEqualTo(3);
            assertSamePages(store, db, 32);
            assertThat(store.linePage(EventQuery.after(12, 1)).lines().get(0).line()).contains("agent/default/fork-0");
        }
    }

    @Test
    void size_zero_reads_the_table_and_writes_nothing() {
        Path db = dir.resolve("log.db");
        try (EventStore store = EventStore.open(StoreOptions.of(db).withLineBundleSize(0))) {
            append(store, 20, "a");
            assertThat(store.writeLineBundles()).isZero();
            assertThat(store.linePage(EventQuery.after(0, 30)).size()).isEqualTo(20);
        }
        assertThat(LineBundles.directoryOf(db)).doesNotExist();
    }
}
