package io.rynxs.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class SegmentWriterTest {
    @Test
    void writing_line_by_line_gives_the_bytes_of_encode_and_decompresses_to_the_ndjson() throws IOException {
        SegmentFixture f = SegmentFixture.of(7);
        SegmentWriter w = new SegmentWriter(64, Gzip.ZLIB);
        for (Event e : f.events) {
            w.line(e.lineBytes());
        }
        byte[] object = w.finish();

        assertThat(object).isEqualTo(SegmentFile.encode(f.events));
        byte[] ndjson = SegmentFile.ndjson(f.events);
        assertThat(w.ndjsonBytes()).isEqualTo(ndjson.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(object))) {
            assertThat(in.readAllBytes()).isEqualTo(ndjson);
        }
        assertThatThrownBy(() -> w.line(f.events.get(0).lineBytes())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void every_level_decompresses_to_the_same_lines_and_level_1_is_what_sealing_writes() throws IOException {
        SegmentFixture f = SegmentFixture.of(20);
        byte[] ndjson = SegmentFile.ndjson(f.events);
        for (int level = Deflater.BEST_SPEED; level <= Deflater.BEST_COMPRESSION; level++) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(SegmentFile.gzip(ndjson, level)))) {
                assertThat(in.readAllBytes()).as("level %d", level).isEqualTo(ndjson);
            }
        }
        assertThat(SegmentFile.LEVEL).isEqualTo(Deflater.BEST_SPEED);
        assertThat(SegmentFile.encode(f.events)).isEqualTo(SegmentFile.gzip(ndjson, Deflater.BEST_SPEED))
                .isNotEqualTo(SegmentFile.gzip(ndjson, Deflater.BEST_COMPRESSION));
        assertThatThrownBy(() -> SegmentFile.gzip(ndjson, 0)).hasMessageContaining("outside 1..9");
    }

    /** An implementation that is not zlib at level 1 and takes the NDJSON whole: zlib at level 9, so its bytes can be told apart. */
    private static final Gzip WHOLE = new Gzip() {
        @Override
        public String name() {
            return "zlib-9-whole";
        }

        @Override
        public Compression start(int expectedBytes) {
            ByteArrayOutputStream collected = new ByteArrayOutputStream();
            return new Compression() {
                @Override
                public void write(byte[] bytes, int off, int len) {
                    collected.write(bytes, off, len);
                }

                @Override
                public byte[] finish() {
                    return SegmentFile.gzip(collected.toByteArray(), Deflater.BEST_COMPRESSION);
                }
            };
        }
    };

    @Test
    void the_writer_hands_every_byte_to_its_gzip_once_and_encode_is_the_same_writer() throws IOException {
        SegmentFixture f = SegmentFixture.of(9);
        byte[] ndjson = SegmentFile.ndjson(f.events);
        SegmentWriter w = new SegmentWriter(16, WHOLE);
        w.line(f.events.get(0).lineBytes());
        byte[] rest = SegmentFile.ndjson(f.events.subList(1, f.events.size()));
        w.lines(rest, rest.length);

        byte[] object = w.finish();

        assertThat(object).isEqualTo(SegmentFile.gzip(ndjson, Deflater.BEST_COMPRESSION)).isEqualTo(SegmentFile.encode(f.events, WHOLE))
                .isNotEqualTo(SegmentFile.encode(f.events));
        assertThat(w.ndjsonBytes()).isEqualTo(ndjson.length);
        assertThat(w.finish()).isSameAs(object);
        assertThatThrownBy(() -> w.lines(rest, rest.length)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_block_of_lines_must_end_in_a_newline() {
        SegmentWriter w = new SegmentWriter(16, WHOLE);
        byte[] cut = "{\"a\":1}\n{\"b\"".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> w.lines(cut, cut.length)).hasMessageContaining("must end with a newline");
        assertThat(w.ndjsonBytes()).isZero();
    }
}
