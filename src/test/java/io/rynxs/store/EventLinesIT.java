package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Event;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines SQLite assembles for the API are byte for byte the canonical lines of the events. */
class EventLinesIT {
    @TempDir
    Path dir;

    @Test
    void lines_assembled_by_sqlite_equal_the_canonical_event_lines() {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("log.db")))) {
            List<AppendRequest> requests = new ArrayList<>();
            String[] payloads = {"{}", "{\"s\":\"naïve ✓ 😀\",\"q\":\"\\\"quoted\\\" \\\\ back\"}", "{\"n\":-12,\"d\":0.5,\"e\":1e-7,\"b\":true,\"z\":null}",
                    "{\"ctl\":\"\\u0001\\t\\n\",\"nested\":{\"b\":[1,{\"a\":2}],\"a\":\"x\"}}"};
            for (int i = 0; i < 40; i++) {
                String type = i % 3 == 0 ? "AgentObserved" : "audit.ToolInvoked";
                requests.add(new AppendRequest(NewEvent.of(type, "agent/default/zoë-" + i, payloads[i % payloads.length],
                        i % 2 == 0 ? null : "{\"actor\":\"système\"}", JsonLimits.DEFAULT), i / 10, null, null));
            }
            List<Event> written = store.appendAll(requests);
            List<EventLine> lines = store.lines(EventQuery.after(0, 100));
            assertThat(lines).hasSize(40);
            for (int i = 0; i < 40; i++) {
                assertThat(lines.get(i).line()).isEqualTo(written.get(i).line());
                assertThat(lines.get(i).utf8()).isEqualTo(written.get(i).line().getBytes(StandardCharsets.UTF_8));
                assertThat(lines.get(i).hash()).isEqualTo(written.get(i).hash());
                assertThat(lines.get(i).seq()).isEqualTo(written.get(i).seq());
            }
            assertThat(store.lines(EventQuery.after(0, 100).withType("AgentObserved"))).extracting(EventLine::line)
                    .containsExactlyElementsOf(store.events(EventQuery.after(0, 100).withType("AgentObserved")).stream().map(Event::line).toList());
        }
    }

    @Test
    void a_joined_page_splits_into_the_events_lines_in_either_order_and_sees_later_appends() throws Exception {
        try (EventStore store = EventStore.open(StoreOptions.of(dir.resolve("joined.db")))) {
            assertThat(store.linePage(EventQuery.after(0, 10)).size()).isZero();
            List<AppendRequest> requests = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                requests.add(new AppendRequest(NewEvent.of("audit.ToolInvoked", "agent/default/é-" + i, "{\"i\":" + i + ",\"s\":\"a,b \\\"c\\\"\"}",
                        null, JsonLimits.DEFAULT), 0, null, null));
            }
            List<Event> written = store.appendAll(requests);

            for (boolean descending : new boolean[] {false, true}) {
                EventQuery q = new EventQuery(descending ? 0 : 5, descending ? 26 : 0, 12, descending, null, null, null, null);
                LinePage page = store.linePage(q);
                List<Event> expected = store.events(q);
                assertThat(page.lines()).extracting(EventLine::line).containsExactlyElementsOf(expected.stream().map(Event::line).toList());
                assertThat(page.seqs()).containsExactly(expected.stream().mapToLong(Event::seq).toArray());
                for (int i = 0; i < page.size(); i++) {
                    assertThat(page.hash(i)).isEqualTo(expected.get(i).hash());
                }
                // A prefix of the joined bytes is the first n lines with the commas between them.
                String firstThree = String.join(",", expected.subList(0, 3).stream().map(Event::line).toList());
                assertThat(new String(page.joined(), 0, page.lengthOf(3), StandardCharsets.UTF_8)).isEqualTo(firstThree);
            }

            // The same query again (its statement is kept per connection) sees what was appended since.
            assertThat(store.linePage(EventQuery.after(25, 100)).seqs()).containsExactly(26, 27, 28, 29, 30);
            store.appendAll(List.of(new AppendRequest(NewEvent.of("audit.ToolInvoked", "agent/default/late", "{}", null, JsonLimits.DEFAULT),
                    0, null, null)));
            assertThat(store.linePage(EventQuery.after(25, 100)).seqs()).containsExactly(26, 27, 28, 29, 30, 31);
            assertThat(written).hasSize(30);
            // A kept statement holds no read transaction between pages: a full checkpoint is not blocked.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("joined.db"));
                 ResultSet rs = c.createStatement().executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("busy").isZero();
            }
        }
    }
}
