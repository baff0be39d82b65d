package io.rynxs.segment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The deflate implementation that compresses segment objects. Every implementation writes standard gzip (RFC
 * 1952, one member) at its fastest level; readers depend on the decompressed lines only, so objects made by
 * different implementations differ in their bytes and never in what they hold. {@link #ZLIB} is the JDK's
 * and compresses as lines come; libdeflate (in the shipping package, native) collects a segment and
 * compresses it in one call (docs/design/segment-gzip.md).
 */
public interface Gzip {
    /** The JDK's zlib at {@link SegmentFile#LEVEL}, streaming. */
    Gzip ZLIB = new Gzip() {
        @Override
        public String name() {
            return "zlib";
        }

        @Override
        public Compression start(int expectedBytes) {
            return zlibStream(expectedBytes);
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /** One object being compressed: lines go in with {@link #write}, the object comes out of {@link #finish} once. */
    interface Compression {
        void write(byte[] bytes, int off, int len);

        byte[] finish();
    }

    /** A short name for logs, reports and the {@code RYNXS_SEGMENTS_GZIP} setting. */
    String name();

    /** Starts one object; {@code expectedBytes} is a guess at its compressed size, to size the first buffer. */
    Compression start(int expectedBytes);

    /** Frees what the implementation keeps between objects; sealing calls it when a run ends. */
    default void trim() {}

    /** Gzip of {@code data[off, off + len)} as one object. */
    default byte[] gzip(byte[] data, int off, int len) {
        Compression c = start(len / 4);
        c.write(data, off, len);
        return c.finish();
    }

    /** A compression through the JDK's streaming gzip at {@link SegmentFile#LEVEL}. */
    static Compression zlibStream(int expectedBytes) {
        ByteArrayOutputStream object = new ByteArrayOutputStream(Math.max(1024, expectedBytes));
        GZIPOutputStream stream;
        try {
            stream = stream(object, SegmentFile.LEVEL);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
        }
        return new Compression() {
            @Override
            public void write(byte[] bytes, int off, int len) {
                try {
                    stream.write(bytes, off, len);
                } catch (IOException e) {
                    throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
                }
            }

            @Override
            public byte[] finish() {
                try {
                    stream.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
                }
                return object.toByteArray();
            }
        };
    }

    /** The JDK's streaming gzip at a deflate {@code level} (1–9). */
    static GZIPOutputStream stream(ByteArrayOutputStream out, int level) throws IOException {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("gzip level " + level + " is outside 1..9 (1 fastest, 9 smallest)");
        }
        return new LeveledGzip(out, level);
    }

    /** GZIPOutputStream fixes its deflater's level at 6; the field is protected so a subclass can change it. */
    final class LeveledGzip extends GZIPOutputStream {
        private LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
