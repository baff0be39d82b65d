package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.Event;
import io.rynxs.segment.Gzip;
import io.rynxs.segment.SegmentFile;
import io.rynxs.segment.SegmentWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libdeflate through JNA. CI installs libdeflate0 (.ci/run), so these run against the real library: its objects
 * must be standard gzip that the JDK (and so every reader of segments) decompresses to the exact NDJSON.
 */
class LibdeflateTest {
    @TempDir
    Path dir;

    @Test
    void the_library_loads_on_this_machine_and_auto_chooses_it() {
        assertThat(SegmentGzips.whyNotLibdeflate()).as("libdeflate on this machine (apt install libdeflate0)").isNull();
        assertThat(SegmentGzips.best()).isSameAs(SegmentGzips.choose("auto")).isSameAs(SegmentGzips.choose("libdeflate"));
        assertThat(SegmentGzips.best().name()).isEqualTo("libdeflate");
        assertThat(SegmentGzips.choose("zlib")).isSameAs(Gzip.ZLIB);
        assertThat(SegmentGzips.choose(null)).isSameAs(SegmentGzips.best());
    }

    @Test
    void a_setting_that_is_not_known_is_refused_naming_what_is_allowed() {
        assertThatThrownBy(() -> SegmentGzips.choose("zstd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segment gzip 'zstd' is not one of auto, libdeflate, zlib");
    }

    @Test
    void a_library_that_is_not_there_is_reported_with_the_names_tried() {
        assertThat(Libdeflate.load("rynxs-no-such-deflate")).startsWith("not found (rynxs-no-such-deflate: ");
    }

    @Test
    void objects_decompress_to_the_exact_input_for_empty_tiny_random_and_segment_shaped_data() throws IOException {
        Random random = new Random(42);
        byte[] incompressible = new byte[3 << 20];
        random.nextBytes(incompressible);
        byte[] segment = operatorNdjson(20_000);
        for (byte[] data : List.of(new byte[0], new byte[] {'\n'}, incompressible, segment)) {
            byte[] object = Libdeflate.GZIP.gzip(data, 0, data.length);
            assertThat(gunzip(object)).as("%d bytes", data.length).isEqualTo(data);
            assertThat(object[0] & 0xff).isEqualTo(0x1f);
            assertThat(object[1] & 0xff).isEqualTo(0x8b);
        }
        // A slice: the offset is honoured, not the start of the array.
        byte[] slice = Libdeflate.GZIP.gzip(segment, 1000, 5000);
        assertThat(gunzip(slice)).isEqualTo(Arrays.copyOfRange(segment, 1000, 6000));
    }

    @Test
    void its_segments_are_not_zlibs_bytes_but_hold_the_same_lines_and_are_smaller() throws IOException {
        byte[] segment = operatorNdjson(5_000);
        byte[] libdeflate = Libdeflate.GZIP.gzip(segment, 0, segment.length);
        byte[] zlib = Gzip.ZLIB.gzip(segment, 0, segment.length);

        assertThat(libdeflate).isNotEqualTo(zlib);
        assertThat(gunzip(libdeflate)).isEqualTo(gunzip(zlib)).isEqualTo(segment);
        assertThat(libdeflate.length).as("libdeflate level 1 against zlib level 1").isLessThan(zlib.length);
    }

    @Test
    void a_damaged_object_is_refused_by_the_gzip_trailer_check() {
        byte[] segment = operatorNdjson(200);
        byte[] object = Libdeflate.GZIP.gzip(segment, 0, segment.length);
        object[object.length - 6] ^= 0x01; // a bit of the CRC-32
        assertThatThrownBy(() -> gunzip(object)).isInstanceOf(ZipException.class).hasMessageContaining("Corrupt GZIP trailer");
    }

    @Test
    void a_segment_writer_on_libdeflate_gives_the_bytes_of_one_call_over_the_whole_ndjson() throws IOException {
        List<Event> events = new ArrayList<>();
        try (TestLog log = new TestLog(dir.resolve("log.db"), 3)) {
            log.append(250);
            events.addAll(log.store.range(1, 250));
        }
        byte[] ndjson = SegmentFile.ndjson(events);
        SegmentWriter w = new SegmentWriter(64, Libdeflate.GZIP);
        for (Event e : events) {
            w.line(e.lineBytes());
        }

        byte[] object = w.finish();

        assertThat(object).isEqualTo(Libdeflate.GZIP.gzip(ndjson, 0, ndjson.length)).isEqualTo(SegmentFile.encode(events, Libdeflate.GZIP));
        assertThat(gunzip(object)).isEqualTo(ndjson);
    }

    @Test
    void ndjson_past_the_whole_buffer_limit_is_streamed_through_zlib_from_its_first_byte() throws IOException {
        byte[] segment = operatorNdjson(3_000);
        Libdeflate small = new Libdeflate(segment.length / 3);
        SegmentWriter w = new SegmentWriter(64, small);
        for (int at = 0; at < segment.length; ) {
            int end = at;
            while (segment[end] != '\n') {
                end++;
            }
            w.lines(Arrays.copyOfRange(segment, at, end + 1), end + 1 - at);
            at = end + 1;
        }

        byte[] object = w.finish();

        assertThat(object).isEqualTo(SegmentFile.gzip(segment, SegmentFile.LEVEL))
                .isNotEqualTo(Libdeflate.GZIP.gzip(segment, 0, segment.length));
        assertThat(gunzip(object)).isEqualTo(segment);
        assertThat(w.ndjsonBytes()).isEqualTo(segment.length);
    }

    @Test
    void a_buffer_that_must_grow_keeps_what_was_written_and_a_reused_buffer_holds_nothing_of_the_last_object() throws IOException {
        byte[] longer = operatorNdjson(4_000);
        byte[] shorter = Arrays.copyOf(longer, 3_000);
        for (byte[] data : List.of(longer, shorter, longer, shorter)) {
            // A tiny first guess: the native buffer starts at 64 KiB and grows to the 1.6 MB of NDJSON.
            Gzip.Compression c = Libdeflate.GZIP.start(1);
            for (int at = 0; at < data.length; at += 10_000) {
                c.write(data, at, Math.min(10_000, data.length - at));
            }
            assertThat(gunzip(c.finish())).isEqualTo(data);
        }
        Libdeflate.GZIP.trim();
        assertThat(gunzip(Libdeflate.GZIP.gzip(longer, 0, longer.length))).isEqualTo(longer);
    }

    /** Lines shaped like the operator's: sorted keys, 64-hex hashes, a few nested actions. */
    private static byte[] operatorNdjson(int lines) {
        Random random = new Random(7);
        StringBuilder b = new StringBuilder(lines * 400);
        for (int i = 1; i <= lines; i++) {
            b.append("{\"aggregate\":\"agent/default/agent-").append(random.nextInt(1000)).append("\",\"epoch\":0,\"hash\":\"")
                    .append(hex(random)).append("\",\"meta\":{\"writer\":\"workload\"},\"payload\":{\"desiredHash\":\"")
                    .append(hex(random)).append("\",\"kind\":\"ConfigMap\",\"replicas\":").append(random.nextInt(5))
                    .append("},\"prev\":\"").append(hex(random)).append("\",\"seq\":").append(i)
                    .append(",\"time\":\"2026-11-27T04:40:00.000Z\",\"type\":\"AgentObserved\",\"v\":1}\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(Random random) {
        StringBuilder h = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            h.append(Character.forDigit(random.nextInt(16), 16));
        }
        return h.toString();
    }

    private static byte[] gunzip(byte[] object) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(object))) {
            return in.readAllBytes();
        }
    }
}
