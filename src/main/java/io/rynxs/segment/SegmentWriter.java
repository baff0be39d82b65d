package io.rynxs.segment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Builds one segment object line by line, compressing as it goes (no second copy of the NDJSON in
 * memory): the same bytes {@link SegmentFile#encode} makes for the same lines.
 */
public final class SegmentWriter {
    private final ByteArrayOutputStream object;
    private final GZIPOutputStream gzip;
    private long ndjsonBytes;
    private boolean finished;

    /** {@code expectedBytes} sizes the first buffer (about a fifth of the NDJSON at {@link SegmentFile#LEVEL}). */
    public SegmentWriter(int expectedBytes) {
        object = new ByteArrayOutputStream(Math.max(1024, expectedBytes));
        try {
            gzip = SegmentFile.gzipStream(object, SegmentFile.LEVEL);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
        }
    }

    /** Appends one event's line (its {@link io.rynxs.event.Event#lineBytes()}) and the newline. */
    public void line(byte[] line) {
        if (finished) {
            throw new IllegalStateException("segment writer: already finished");
        }
        try {
            gzip.write(line);
            gzip.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
        }
        ndjsonBytes += line.length + 1;
    }

    /** Appends {@code lines[0..length)}: whole lines, the last one ending in its newline like every other. */
    public void lines(byte[] lines, int length) {
        if (finished) {
            throw new IllegalStateException("segment writer: already finished");
        }
        if (length > 0 && lines[length - 1] != '\n') {
            throw new IllegalArgumentException("segment writer: a block of lines must end with a newline (report a bug)");
        }
        try {
            gzip.write(lines, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
        }
        ndjsonBytes += length;
    }

    /** Bytes of NDJSON written so far. */
    public long ndjsonBytes() {
        return ndjsonBytes;
    }

    /** Ends the gzip stream and returns the object. */
    public byte[] finish() {
        if (!finished) {
            finished = true;
            try {
                gzip.close();
            } catch (IOException e) {
                throw new UncheckedIOException("gzip segment: " + e.getMessage(), e);
            }
        }
        return object.toByteArray();
    }
}
