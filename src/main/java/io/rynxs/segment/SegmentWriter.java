package io.rynxs.segment;

/**
 * Builds one segment object line by line through a {@link Gzip} (no second copy of the NDJSON on the Java
 * heap: zlib compresses as lines come, libdeflate collects them in native memory).
 * {@link SegmentFile#encode(java.util.List, Gzip)} is this writer, so the same lines and the same
 * {@link Gzip} always give the same bytes.
 */
public final class SegmentWriter {
    private static final byte[] NEWLINE = {'\n'};

    private final Gzip.Compression compression;
    private long ndjsonBytes;
    private byte[] finished;

    /** {@code expectedBytes}: the expected size of the object (about a fifth of the NDJSON), to size the first buffer. */
    public SegmentWriter(int expectedBytes, Gzip gzip) {
        this.compression = gzip.start(expectedBytes);
    }

    /** Appends one event's line (its {@link io.rynxs.event.Event#lineBytes()}) and the newline. */
    public void line(byte[] line) {
        write(line, line.length);
        write(NEWLINE, 1);
    }

    /** Appends {@code lines[0..length)}: whole lines, the last one ending in its newline like every other. */
    public void lines(byte[] lines, int length) {
        if (length > 0 && lines[length - 1] != '\n') {
            throw new IllegalArgumentException("segment writer: a block of lines must end with a newline (report a bug)");
        }
        write(lines, length);
    }

    /** Bytes of NDJSON written so far. */
    public long ndjsonBytes() {
        return ndjsonBytes;
    }

    /** Ends the gzip stream and returns the object. */
    public byte[] finish() {
        if (finished == null) {
            finished = compression.finish();
        }
        return finished;
    }

    private void write(byte[] bytes, int len) {
        if (finished != null) {
            throw new IllegalStateException("segment writer: already finished");
        }
        compression.write(bytes, 0, len);
        ndjsonBytes += len;
    }
}
