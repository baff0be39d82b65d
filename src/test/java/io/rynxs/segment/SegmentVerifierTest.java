package io.rynxs.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each way an attacker with write access to the bucket could change the log is caught, with its segment, seq and code. */
class SegmentVerifierTest {

    @Test
    void intact_segments_verify_with_their_counts_and_head() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);

        SegmentReport r = f.verify();

        assertThat(r.failure()).isEmpty();
        assertThat(r.segments()).isEqualTo(3);
        assertThat(r.events()).isEqualTo(12);
        assertThat(r.head()).isEqualTo(f.events.get(11).hash());
        assertThat(r.orphans()).isEmpty();
    }

    @Test
    void an_altered_line_is_a_hash_mismatch_at_its_seq() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        Manifest m = f.manifest(1);
        List<String> lines = lines(f, m);
        lines.set(1, lines.get(1).replace("\"tool\":\"t7\"", "\"tool\":\"rm\""));
        f.store.replace(key(m), gzip(lines, Deflater.DEFAULT_COMPRESSION));

        assertFailure(f.verify(), SegmentCode.HASH_MISMATCH, key(m), 7);
    }

    @Test
    void reordered_lines_are_a_seq_gap_where_the_order_breaks() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        Manifest m = f.manifest(2);
        List<String> lines = lines(f, m);
        String third = lines.get(2);
        lines.set(2, lines.get(1));
        lines.set(1, third);
        f.store.replace(key(m), gzip(lines, Deflater.DEFAULT_COMPRESSION));

        assertFailure(f.verify(), SegmentCode.SEQ_GAP, key(m), 10);
    }

    @Test
    void a_truncated_gzip_object_is_corrupt() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        Manifest m = f.manifest(0);
        byte[] object = f.store.get(key(m)).orElseThrow();
        f.store.replace(key(m), Arrays.copyOf(object, object.length - 12));

        SegmentReport r = f.verify();

        assertThat(r.failure()).isPresent();
        assertThat(r.failure().get().code()).isIn(SegmentCode.OBJECT_CORRUPT, SegmentCode.LINE_MALFORMED);
        assertThat(r.failure().get().segment()).isEqualTo(key(m));
        assertThat(r.segments()).isZero();
    }

    @Test
    void the_same_lines_compressed_differently_fail_the_manifest_checksum() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        Manifest m = f.manifest(1);
        f.store.replace(key(m), gzip(lines(f, m), Deflater.NO_COMPRESSION));

        assertFailure(f.verify(), SegmentCode.CHECKSUM_MISMATCH, key(m), 6);
    }

    @Test
    void a_rewritten_manifest_breaks_the_chain_at_the_next_manifest() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        Manifest m = f.manifest(0);
        Manifest rewritten = new Manifest(1, m.origin(), m.first(), m.last(), m.count(), m.prev(), m.head(), m.root(), m.object(),
                m.objectSha256(), m.objectBytes(), m.previousManifestSha256(), m.epoch(), "2027-01-01T00:00:00.000Z");
        f.store.replace(f.layout.manifestKey(1), rewritten.toBytes());

        assertFailure(f.verify(), SegmentCode.MANIFEST_CHAIN_BROKEN, f.layout.manifestKey(6), 6);
    }

    @Test
    void a_manifest_with_another_root_is_a_root_mismatch() {
        SegmentFixture f = SegmentFixture.of(5, 3);
        Manifest m = f.manifest(0);
        Manifest wrong = new Manifest(1, m.origin(), m.first(), m.last(), m.count(), m.prev(), m.head(), "e".repeat(64), m.object(),
                m.objectSha256(), m.objectBytes(), m.previousManifestSha256(), m.epoch(), m.sealedAt());
        f.store.replace(f.layout.manifestKey(1), wrong.toBytes());

        assertFailure(f.verify(), SegmentCode.ROOT_MISMATCH, f.layout.manifestKey(1), 5);
    }

    @Test
    void a_checkpoint_signed_by_another_key_with_the_same_name_is_invalid() {
        SegmentFixture f = SegmentFixture.of(5, 3);
        Manifest m = f.manifest(1);
        Checkpoint good = Checkpoint.open(f.store.get(f.layout.checkpointKey(8)).orElseThrow(), SegmentFixture.SIGNER.verifierKey());
        byte[] seed = new byte[32];
        seed[0] = 1;
        byte[] forged = good.sign(Ed25519Signer.fromSeed(m.origin(), seed));
        f.store.replace(f.layout.checkpointKey(8), forged);

        assertFailure(f.verify(), SegmentCode.CHECKPOINT_INVALID, f.layout.checkpointKey(8), 8);
    }

    @Test
    void a_validly_signed_checkpoint_for_another_root_is_invalid() {
        SegmentFixture f = SegmentFixture.of(5, 3);
        Checkpoint good = Checkpoint.open(f.store.get(f.layout.checkpointKey(5)).orElseThrow(), SegmentFixture.SIGNER.verifierKey());
        byte[] other = new Checkpoint(good.origin(), 5, new byte[32], good.chainHash(), good.stateHash()).sign(SegmentFixture.SIGNER);
        f.store.replace(f.layout.checkpointKey(5), other);

        assertFailure(f.verify(), SegmentCode.CHECKPOINT_INVALID, f.layout.checkpointKey(5), 5);
    }

    @Test
    void a_removed_segment_and_manifest_are_a_seq_gap_at_the_next_manifest() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        f.store.remove(key(f.manifest(1)));
        f.store.remove(f.layout.manifestKey(6));

        assertFailure(f.verify(), SegmentCode.SEQ_GAP, f.layout.manifestKey(9), 6);
    }

    @Test
    void a_removed_segment_object_under_its_manifest_is_missing() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        f.store.remove(key(f.manifest(2)));

        SegmentReport r = f.verify();

        assertFailure(r, SegmentCode.MISSING_OBJECT, key(f.manifest(2)), 9);
        assertThat(r.segments()).isEqualTo(2);
    }

    @Test
    void a_segment_object_without_a_manifest_is_listed_as_an_orphan_not_a_failure() {
        SegmentFixture f = SegmentFixture.of(5, 3);
        String orphan = f.layout.segmentKey(9, 12);
        f.put(orphan, SegmentFile.encode(f.events.subList(0, 1)));
        String lostRace = f.layout.segmentKey(6, 9);
        f.put(lostRace, SegmentFile.encode(f.events.subList(0, 1)));

        SegmentReport r = f.verify();

        assertThat(r.failure()).isEmpty();
        assertThat(r.orphans()).containsExactly(lostRace, orphan);
        assertThat(r.events()).isEqualTo(8);
    }

    @Test
    void a_line_that_is_valid_json_but_not_canonical_is_malformed() {
        SegmentFixture f = SegmentFixture.of(2);
        Manifest m = f.manifest(0);
        List<String> lines = lines(f, m);
        lines.set(0, lines.get(0).replace("{\"aggregate\"", "{ \"aggregate\""));
        f.store.replace(key(m), gzip(lines, Deflater.DEFAULT_COMPRESSION));

        assertFailure(f.verify(), SegmentCode.LINE_MALFORMED, key(m), 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"n\":7,\"tool\":\"t7\"|\"tool\":\"t7\",\"n\":7",   // payload keys reordered
            "\"tool\":\"t7\"|\"tool\":\"\\u00747\"",              // a letter written as an escape
            "\"tool\":\"t7\"|\"tool\":\"t7\\/\"",                 // an escaped solidus
            "\"n\":7|\"n\":7.0",                                       // a number not in shortest form
            "\"n\":7|\"n\":7e0",
            "\"n\":7,|\"n\":7 ,",                                      // whitespace
            "\"seq\":7|\"seq\":07"})
    void a_valid_json_line_that_is_not_canonical_is_malformed_at_its_segment_and_seq(String from, String to) {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        Manifest m = f.manifest(1);
        List<String> lines = lines(f, m);
        assertThat(lines.get(1)).contains(from);
        lines.set(1, lines.get(1).replace(from, to));
        f.store.replace(key(m), gzip(lines, Deflater.DEFAULT_COMPRESSION));

        assertFailure(f.verify(), SegmentCode.LINE_MALFORMED, key(m), 7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "ed a0 80", "f4 90 80 80", "e2 82"})
    void a_line_with_bytes_that_are_not_utf8_is_malformed_at_its_segment_and_seq(String hex) {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        Manifest m = f.manifest(1);
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        for (String line : lines(f, m)) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            if (line.contains("\"seq\":7,")) {
                int at = line.indexOf("\"t7\"") + 2;
                ndjson.write(bytes, 0, at);
                ndjson.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
                ndjson.write(bytes, at, bytes.length - at);
            } else {
                ndjson.writeBytes(bytes);
            }
        }
        f.store.replace(key(m), gzip(ndjson.toByteArray(), Deflater.DEFAULT_COMPRESSION));

        SegmentReport r = f.verify();

        assertFailure(r, SegmentCode.LINE_MALFORMED, key(m), 7);
        assertThat(r.failure().get().reason()).contains("UTF-8");
    }

    @Test
    void with_any_number_of_reader_threads_the_first_failure_in_seq_order_is_reported() {
        SegmentFixture f = SegmentFixture.of(2, 2, 2, 2, 2, 2);
        Manifest third = f.manifest(2);
        List<String> lines = lines(f, third);
        lines.set(1, lines.get(1).replace("{\"aggregate\"", "{ \"aggregate\""));
        f.store.replace(key(third), gzip(lines, Deflater.DEFAULT_COMPRESSION));
        Manifest fifth = f.manifest(4);
        f.store.replace(key(fifth), Arrays.copyOf(f.store.get(key(fifth)).orElseThrow(), 10));
        f.store.remove(f.layout.checkpointKey(12));

        for (int threads : new int[] {1, 2, 5}) {
            SegmentReport r = new SegmentVerifier(f.store, f.layout, SegmentFixture.SIGNER.verifierKey(), threads).verify();

            assertFailure(r, SegmentCode.LINE_MALFORMED, key(third), 6);
            assertThat(r.segments()).isEqualTo(2);
        }
    }

    @Test
    void an_io_error_of_the_store_reaches_the_caller_as_it_is() {
        SegmentFixture f = SegmentFixture.of(2, 2, 2);
        ObjectStore failing = new ObjectStore() {
            @Override
            public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void replace(String key, byte[] bytes, String sha256) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean exists(String key) {
                return f.store.exists(key);
            }

            @Override
            public String describe() {
                return "failing";
            }

            @Override
            public Optional<byte[]> get(String key) {
                if (key.equals(f.layout.manifestKey(3))) {
                    throw new ObjectStoreException("get " + key + ": connection reset");
                }
                return f.store.get(key);
            }

            @Override
            public List<String> list(String prefix) {
                return f.store.list(prefix);
            }
        };

        Assertions.assertThatThrownBy(
                () -> new SegmentVerifier(failing, f.layout, SegmentFixture.SIGNER.verifierKey()).verify())
                .isInstanceOf(ObjectStoreException.class).hasMessageContaining("connection reset");
    }

    @Test
    void a_manifest_of_another_origin_is_a_mismatch() {
        SegmentFixture f = SegmentFixture.of(2);
        SegmentReport r = new SegmentVerifier(f.store, f.layout,
                Ed25519Signer.fromSeed("rynxs.example/other", new byte[32]).verifierKey()).verify();

        assertFailure(r, SegmentCode.MANIFEST_MISMATCH, f.layout.manifestKey(1), 1);
    }

    @Test
    void verifying_up_to_a_seq_hands_over_the_segments_that_hold_it_and_stops() {
        SegmentFixture f = SegmentFixture.of(5, 3, 4);
        List<Long> seen = new ArrayList<>();

        SegmentReport r = new SegmentVerifier(f.store, f.layout, SegmentFixture.SIGNER.verifierKey())
                .verify(7, (m, events, note) -> seen.add(events.get(events.size() - 1).seq()));

        assertThat(r.failure()).isEmpty();
        assertThat(seen).containsExactly(5L, 8L);
    }

    private static void assertFailure(SegmentReport r, SegmentCode code, String segment, long seq) {
        assertThat(r.failure()).as("a failure").isPresent();
        SegmentFailure failure = r.failure().get();
        assertThat(failure.code()).as(failure.toString()).isEqualTo(code);
        assertThat(failure.segment()).as(failure.toString()).isEqualTo(segment);
        assertThat(failure.seq()).as(failure.toString()).isEqualTo(seq);
    }

    private static String key(Manifest m) {
        return SegmentLayout.DEFAULT.prefix() + m.object();
    }

    private static List<String> lines(SegmentFixture f, Manifest m) {
        List<String> out = new ArrayList<>();
        for (Event e : f.events.subList((int) m.first() - 1, (int) m.last())) {
            out.add(e.line());
        }
        return out;
    }

    private static byte[] gzip(List<String> lines, int level) {
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            text.append(l).append('\n');
        }
        return gzip(text.toString().getBytes(StandardCharsets.UTF_8), level);
    }

    private static byte[] gzip(byte[] bytes, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(Sha256.hex(out.toByteArray())).isNotNull();
        return out.toByteArray();
    }
}
