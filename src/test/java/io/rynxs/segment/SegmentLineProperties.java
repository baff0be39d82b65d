package io.rynxs.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.event.WellFormed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The one-pass scanner accepts exactly the lines the parse-and-reserialise reference accepts, reads the
 * same event from them, and its hash from the line's bytes equals the event's own hash computation: on
 * canonical lines, and on lines mutated byte by byte and in the ways a rewriter would (whitespace,
 * escapes, number forms, key order, duplicates).
 */
class SegmentLineProperties {

    @Property(tries = 200)
    void canonical_lines_read_the_same_event_and_hash(@ForAll("events") Event e) {
        byte[] line = e.line().getBytes(StandardCharsets.UTF_8);

        SegmentLine read = SegmentLine.read(line);

        assertThat(read.event()).isEqualTo(ReferenceLine.parse(line)).isEqualTo(e);
        assertThat(read.recomputedHash()).isEqualTo(Sha256.digest(e.canonicalBytes()));
        assertThat(read.hashMatches()).isTrue();
    }

    @Property(tries = 1200)
    void a_mutated_line_is_accepted_exactly_when_the_reference_accepts_it(@ForAll("events") Event e, @ForAll("mutations") Mutation m) {
        byte[] line = m.apply(e.line().getBytes(StandardCharsets.UTF_8));

        Event reference = referenceOrNull(line);
        SegmentLine scanned = scannedOrNull(line);

        assertThat(scanned == null).as("scanner rejects %s iff the reference does", new String(line, StandardCharsets.UTF_8))
                .isEqualTo(reference == null);
        if (scanned != null) {
            assertThat(scanned.event()).isEqualTo(reference);
            assertThat(scanned.recomputedHash()).isEqualTo(Sha256.digest(reference.canonicalBytes()));
        }
    }

    static Event referenceOrNull(byte[] line) {
        try {
            return ReferenceLine.parse(line);
        } catch (InvalidEventException | IllegalArgumentException ex) {
            return null;
        }
    }

    static SegmentLine scannedOrNull(byte[] line) {
        try {
            return SegmentLine.read(line);
        } catch (InvalidEventException ex) {
            return null;
        }
    }

    @Provide
    Arbitrary<Event> events() {
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(8).filter(WellFormed::utf16),
                Arbitraries.strings().withChars("ab\"\\/\n\t\u0000\u001f\u007fé€😀").ofMaxLength(6).filter(WellFormed::utf16));
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                strings.map(s -> (Object) s),
                Arbitraries.longs().between(-Json.MAX_SAFE_INTEGER, Json.MAX_SAFE_INTEGER).map(l -> (Object) l),
                Arbitraries.of(0L, -1L, 10L, Json.MAX_SAFE_INTEGER).map(l -> (Object) l),
                Arbitraries.of(0.5, -1.25, 1e-7, 123.456, 0.1, 2.5e-300).map(d -> (Object) d),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE, Json.NULL));
        Arbitrary<Object> inner = Arbitraries.maps(strings, leaves).ofMaxSize(3).map(x -> (Object) new LinkedHashMap<>(x));
        Arbitrary<Object> lists = Arbitraries.oneOf(leaves, inner).list().ofMaxSize(3).map(l -> (Object) List.copyOf(l));
        Arbitrary<Map<String, Object>> payloads = Arbitraries.maps(strings, Arbitraries.oneOf(leaves, inner, lists)).ofMaxSize(5)
                .map(LinkedHashMap::new);
        Arbitrary<String> types = Arbitraries.of("AgentObserved", "audit.ToolInvoked", "legacy.x-y");
        Arbitrary<String> aggregates = Arbitraries.of("session/s1", "agent/default/alpha", "é/😀", "a:b.c-d_e");
        return Combinators.combine(types, aggregates, payloads, payloads, Arbitraries.longs().between(1, 1L << 40),
                Arbitraries.longs().between(0, 5)).as((type, aggregate, payload, meta, seq, epoch) ->
                Event.seal(new NewEvent(type, aggregate, CanonicalJson.of(payload), CanonicalJson.of(meta)), seq,
                        "2026-11-26T10:00:00.000Z", epoch, Sha256.hex(new byte[] {seq.byteValue()})));
    }

    /** A change to a line's bytes. */
    interface Mutation {
        byte[] apply(byte[] line);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 100_000);
        Arbitrary<Byte> bytes = Arbitraries.oneOf(Arbitraries.bytes(),
                Arbitraries.of(" ", "\t", "\n", "\"", "\\", ",", ":", "{", "}", "[", "]", "0", "1", "-", ".", "e", "u", "/")
                        .map(s -> (byte) s.charAt(0)));
        return Arbitraries.oneOf(
                Combinators.combine(at, bytes).as((i, b) -> line -> replace(line, i % line.length, new byte[] {b}, 1)),
                Combinators.combine(at, bytes).as((i, b) -> line -> replace(line, i % (line.length + 1), new byte[] {b}, 0)),
                at.map(i -> line -> replace(line, i % line.length, new byte[0], 1)),
                Combinators.combine(at, Arbitraries.of(" ", "\n", "\r\n", "\t")).as((i, ws) -> line -> insertAtStructure(line, i, ws)),
                Combinators.combine(at, Arbitraries.of(
                        new String[] {"\\n", "\\u000a"}, new String[] {"\\\"", "\\u0022"}, new String[] {"\\\\", "\\u005c"},
                        new String[] {"\\u001f", "\\u001F"}, new String[] {"\\u0000", "\\u0000"}, new String[] {"/", "\\/"},
                        new String[] {"a", "\\u0061"}, new String[] {"é", "\\u00e9"}, new String[] {"😀", "\\ud83d\\ude00"},
                        new String[] {"é", "\u00c3\u00a9"}, new String[] {"\u007f", "\\u007f"},
                        new String[] {":1", ":1.0"}, new String[] {":0", ":-0"}, new String[] {":1", ":1e0"}, new String[] {":1", ":01"},
                        new String[] {"0.5", "5e-1"}, new String[] {"1e+21", "1E+21"}, new String[] {"1e+21", "1000000000000000000000"},
                        new String[] {"true", "True"}, new String[] {"null", "nul"},
                        new String[] {"\"epoch\":", "\"epoch\" :"}, new String[] {"\"v\":1}", "\"v\":1,\"v\":1}"},
                        new String[] {"\"v\":1}", "\"v\":1,\"w\":1}"}, new String[] {"{\"aggregate\"", "{\"a\":0,\"aggregate\""}))
                        .as((i, r) -> line -> replaceOccurrence(line, r[0], r[1], i)),
                at.map(i -> line -> swapMembers(line, i)));
    }

    private static byte[] replace(byte[] line, int at, byte[] with, int removed) {
        byte[] out = new byte[line.length - removed + with.length];
        System.arraycopy(line, 0, out, 0, at);
        System.arraycopy(with, 0, out, at, with.length);
        System.arraycopy(line, at + removed, out, at + with.length, line.length - at - removed);
        return out;
    }

    private static byte[] insertAtStructure(byte[] line, int pick, String ws) {
        int[] spots = IntStream.range(0, line.length).filter(i -> ":,{}[]".indexOf(line[i]) >= 0).toArray();
        int at = spots[pick % spots.length] + (pick % 2);
        return replace(line, Math.min(at, line.length), ws.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** Replaces the n-th occurrence (n modulo the count) of {@code from}, or leaves the line alone. */
    private static byte[] replaceOccurrence(byte[] line, String from, String to, int n) {
        String s = new String(line, StandardCharsets.ISO_8859_1);
        String f = new String(from.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String t = new String(to.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        List<Integer> hits = new ArrayList<>();
        for (int i = s.indexOf(f); i >= 0; i = s.indexOf(f, i + 1)) {
            hits.add(i);
        }
        if (hits.isEmpty()) {
            return line;
        }
        int i = hits.get(n % hits.size());
        return (s.substring(0, i) + t + s.substring(i + f.length())).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Swaps two adjacent members of the top-level object or of payload/meta when they are simple enough to find. */
    private static byte[] swapMembers(byte[] line, int pick) {
        String s = new String(line, StandardCharsets.UTF_8);
        String[] pairs = {"\"aggregate\":", "\"epoch\":", "\"hash\":", "\"meta\":", "\"payload\":", "\"prev\":", "\"seq\":", "\"time\":",
                "\"type\":", "\"v\":"};
        int i = pick % (pairs.length - 1);
        int a = s.indexOf(pairs[i]);
        int b = s.indexOf(pairs[i + 1]);
        int c = i + 2 < pairs.length ? s.indexOf(pairs[i + 2]) : s.length() - 1;
        if (a < 0 || b < 0 || c < 0 || !(a < b && b < c) || i == 2 || i == 3 || i == 4) {
            // Members around nested objects cannot be cut this simply; leave the line as it is.
            return line;
        }
        String first = s.substring(a, b - 1);
        String second = s.substring(b, c - (c == s.length() - 1 ? 0 : 1));
        String swapped = s.substring(0, a) + second + "," + first + s.substring(c == s.length() - 1 ? c : c - 1);
        return swapped.getBytes(StandardCharsets.UTF_8);
    }


    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
