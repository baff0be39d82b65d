package io.rynxs.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Every form of the line format in {@link LineFormat} — a new array, the reused buffer with its hash of the hashed
 * bytes, the SQLite expression (in a real in-memory SQLite), the hash-member locator — equals the RFC 8785
 * reference library's canonicalization of the same event, for random events with odd strings in payloads, meta and aggregates.
 */
class LineFormatProperties {
    private static Connection sqlite;

    @BeforeContainer
    static void open() throws SQLException {
        sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement st = sqlite.createStatement()) {
            st.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, v INTEGER, type TEXT, aggregate TEXT, time TEXT, epoch INTEGER,"
                    + " payload TEXT, meta TEXT, prev TEXT, hash TEXT)");
        }
    }

    @AfterContainer
    static void close() throws SQLException {
        sqlite.close();
    }

    @Property(tries = 400)
    void every_form_is_the_reference_canonicalization(@ForAll("events") Event e) throws Exception {
        String hashed = reference(e, false);
        String line = reference(e, true);

        assertThat(new String(e.canonicalBytes(), StandardCharsets.UTF_8)).isEqualTo(hashed);
        assertThat(e.line()).isEqualTo(line);

        LineFormat.Writer w = new LineFormat.Writer(16);
        w.put((byte) ',');
        int start = w.append(e.seq(), e.type(), e.aggregate(), e.time(), e.epoch(), utf8(e.payload().text()), utf8(e.meta().text()), e.prev(),
                e.hash());
        assertThat(new String(w.buffer(), start, w.size() - start, StandardCharsets.UTF_8)).isEqualTo(line);
        assertThat(HexFormat.of().formatHex(w.hashOfLast())).isEqualTo(Sha256.hex(hashed.getBytes(StandardCharsets.UTF_8))).isEqualTo(e.hash());
        int at = LineFormat.hashMemberAt(w.buffer(), start, w.size());
        assertThat(new String(w.buffer(), at + LineFormat.HASH_MEMBER.length, 64, StandardCharsets.US_ASCII)).isEqualTo(e.hash());

        w.clear();
        w.append(e.seq(), e.type(), e.aggregate(), e.time(), e.epoch(), utf8(e.payload().text()), utf8(e.meta().text()), e.prev(), null);
        assertThat(new String(w.buffer(), 0, w.size(), StandardCharsets.UTF_8)).isEqualTo(hashed);
        assertThat(HexFormat.of().formatHex(w.hashOfLast())).isEqualTo(e.hash());

        assertThat(sql(e)).isEqualTo(line);
    }

    @Property(tries = 300)
    void canonical_payload_parses_back_to_itself(@ForAll("payloads") Map<String, Object> payload) {
        CanonicalJson once = CanonicalJson.of(payload);
        CanonicalJson twice = CanonicalJson.parse(once.text(), JsonLimits.DEFAULT, "payload");
        assertThat(twice).isEqualTo(once);
    }

    @Provide
    Arbitrary<Event> events() {
        Arbitrary<String> types = Arbitraries.of("AgentObserved", "ActionsDecided", "audit.ToolInvoked", "legacy.AgentObserved", "X");
        Arbitrary<String> aggregates = Arbitraries.strings().withCharRange('!', '~').withChars('é', '東', '\u00a0')
                .ofMinLength(1).ofMaxLength(40).filter(s -> s.indexOf('"') < 0 && s.indexOf('\\') < 0);
        Arbitrary<Long> seqs = Arbitraries.longs().between(1, Json.MAX_SAFE_INTEGER);
        Arbitrary<Long> epochs = Arbitraries.longs().between(0, 1_000_000);
        Arbitrary<String> prevs = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
        return Combinators.combine(types, aggregates, payloads(), payloads(), seqs, epochs, prevs)
                .as((t, a, p, m, s, ep, pr) -> Event.seal(new NewEvent(t, a, CanonicalJson.of(p), CanonicalJson.of(m)),
                        s, "2026-11-26T10:00:00.000Z", ep, pr));
    }

    @Provide
    Arbitrary<Map<String, Object>> payloads() {
        Arbitrary<String> keys = Arbitraries.strings().all().ofMaxLength(8).filter(WellFormed::utf16);
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).filter(WellFormed::utf16).map(s -> (Object) s),
                Arbitraries.longs().between(-Json.MAX_SAFE_INTEGER, Json.MAX_SAFE_INTEGER).map(l -> (Object) l),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE, Json.NULL),
                Arbitraries.doubles().between(-1e9, 1e9).ofScale(4).map(d -> (Object) d.doubleValue()));
        Arbitrary<Object> lists = leaves.list().ofMaxSize(4).map(l -> (Object) List.copyOf(l));
        return Arbitraries.maps(keys, Arbitraries.oneOf(leaves, lists)).ofMaxSize(6).map(m -> new LinkedHashMap<>(m));
    }

    private static String sql(Event e) throws SQLException {
        try (Statement st = sqlite.createStatement()) {
            st.execute("DELETE FROM events");
        }
        try (PreparedStatement ins = sqlite.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ins.setLong(1, e.seq());
            ins.setInt(2, e.v());
            ins.setString(3, e.type());
            ins.setString(4, e.aggregate());
            ins.setString(5, e.time());
            ins.setLong(6, e.epoch());
            ins.setString(7, e.payload().text());
            ins.setString(8, e.meta().text());
            ins.setString(9, e.prev());
            ins.setString(10, e.hash());
            ins.executeUpdate();
        }
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("SELECT " + LineFormat.SQL + " FROM events")) {
            return new String(rs.getBytes(1), StandardCharsets.UTF_8);
        }
    }

    private static String reference(Event e, boolean withHash) throws Exception {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("v", 1L);
        all.put("seq", e.seq());
        all.put("type", e.type());
        all.put("aggregate", e.aggregate());
        all.put("time", e.time());
        all.put("epoch", e.epoch());
        all.put("payload", e.payload().toMap());
        all.put("meta", e.meta().toMap());
        all.put("prev", e.prev());
        if (withHash) {
            all.put("hash", e.hash());
        }
        return new JsonCanonicalizer(Json.write(all)).getEncodedString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
