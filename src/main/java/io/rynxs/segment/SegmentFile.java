package io.rynxs.segment;

import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A segment object's bytes: gzip of one {@link Event#line()} plus {@code \n} per event, in seq order.
 * Readers depend on the decompressed lines only, never on how they were compressed ({@link Gzip}).
 */
public final class SegmentFile {
    /**
     * The deflate level sealing uses, with zlib and libdeflate alike. BEST_SPEED: with zlib, on operator-shaped events it compresses 2.5× faster than
     * the default level 6 for objects about 11% larger (21.8% instead of 19.6% of the NDJSON;
     * docs/BENCHMARKS.md), and sealing is CPU-bound while storage of segments is cheap.
     */
    public static final int LEVEL = Deflater.BEST_SPEED;

    private SegmentFile() {}

    /** The uncompressed NDJSON of the events. */
    public static byte[] ndjson(List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 720);
        for (Event e : events) {
            out.writeBytes(e.lineBytes());
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The gzip-compressed object for the events, through {@link Gzip#ZLIB} at {@link #LEVEL}. */
    public static byte[] encode(List<Event> events) {
        return encode(events, Gzip.ZLIB);
    }

    /** The object for the events through {@code gzip}: exactly what sealing writes for them with that implementation. */
    public static byte[] encode(List<Event> events, Gzip gzip) {
        SegmentWriter writer = new SegmentWriter(events.size() * 160, gzip);
        for (Event e : events) {
            writer.line(e.lineBytes());
        }
        return writer.finish();
    }

    /** Gzip of {@code data} through the JDK's zlib at a deflate {@code level} (1–9); every level decompresses to the same lines. */
    public static byte[] gzip(byte[] data, int level) {
        Gzip.Compression c = zlib(data.length / 4 + 64, level);
        c.write(data, 0, data.length);
        return c.finish();
    }

    /** One object through the JDK's streaming gzip at a deflate {@code level} (1–9): what {@link Gzip#ZLIB} starts. */
    static Gzip.Compression zlib(int expectedBytes, int level) {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("gzip level " + level + " is outside 1..9 (1 fastest, 9 smallest)");
        }
        ByteArrayOutputStream object = new ByteArrayOutputStream(Math.max(1024, expectedBytes));
        GZIPOutputStream stream;
        try {
            stream = new LeveledGzip(object, level);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
        }
        return new Gzip.Compression() {
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

    /** GZIPOutputStream fixes its deflater's level at 6; the field is protected so a subclass can change it. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }

    /**
     * The manifest describing {@code object}, the encoding of {@code events} (a non-empty, verified run of
     * the log), whose Merkle root at {@code last} is {@code root}.
     */
    public static Manifest manifest(String origin, List<Event> events, String root, byte[] object,
                                    String previousManifestSha256, String sealedAt) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("seal segment: no events (a segment holds at least one)");
        }
        Event first = events.get(0);
        Event last = events.get(events.size() - 1);
        long epoch = events.stream().mapToLong(Event::epoch).max().orElseThrow();
        return manifest(origin, first.seq(), last.seq(), first.prev(), last.hash(), epoch, root, object, Sha256.hex(object),
                previousManifestSha256, sealedAt);
    }

    /**
     * The manifest of the segment {@code first..last} from the facts a sealer kept while encoding it:
     * {@code prev} of event {@code first}, {@code head} = hash of event {@code last}, the highest epoch, and
     * the object with its SHA-256.
     */
    public static Manifest manifest(String origin, long first, long last, String prev, String head, long epoch, String root,
                                    byte[] object, String objectSha256, String previousManifestSha256, String sealedAt) {
        return new Manifest(Manifest.VERSION, origin, first, last, last - first + 1, prev, head, root,
                SegmentLayout.segmentName(first, last), objectSha256, object.length, previousManifestSha256, epoch, sealedAt);
    }
}
