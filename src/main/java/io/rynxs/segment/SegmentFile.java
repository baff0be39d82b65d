package io.rynxs.segment;

import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A segment object's bytes: gzip of one {@link Event#line()} plus {@code \n} per event, in seq order. */
public final class SegmentFile {
    private SegmentFile() {}

    /** The uncompressed NDJSON of the events. */
    public static byte[] ndjson(List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 400);
        for (Event e : events) {
            out.writeBytes(e.line().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The gzip-compressed object for the events. */
    public static byte[] encode(List<Event> events) {
        return gzip(ndjson(events));
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
        }
        return out.toByteArray();
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
        return new Manifest(Manifest.VERSION, origin, first.seq(), last.seq(), events.size(), first.prev(), last.hash(), root,
                SegmentLayout.segmentName(first.seq(), last.seq()), Sha256.hex(object), object.length, previousManifestSha256,
                epoch, sealedAt);
    }
}
