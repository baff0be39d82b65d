package io.rynxs.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One file of {@link LineBundles}: the canonical lines of {@code count} consecutive events, mapped read-only.
 * <pre>
 * line(first) ',' line(first+1) ',' … line(last)      the lines, exactly as Event#line() writes them
 * int32 end[count]                                    end offset of each line (exclusive), ascending
 * int64 firstSeq, int32 count, "RYNXLB1\n"            footer (big-endian)
 * </pre>
 * The lines are joined the way a page of history joins them, so a run of them is one copy.
 */
final class LineBundle {
    static final byte[] MAGIC = "RYNXLB1\n".getBytes(StandardCharsets.US_ASCII);
    static final int TRAILER = 8 + 4 + MAGIC.length;

    private final long firstSeq;
    private final int count;
    private final MappedByteBuffer map;
    private final int endsAt;
    /** Set once every line was checked against the log ({@link LineBundles}): until then no page is served from it. */
    private volatile boolean checked;

    private LineBundle(long firstSeq, int count, MappedByteBuffer map, int endsAt) {
        this.firstSeq = firstSeq;
        this.count = count;
        this.map = map;
        this.endsAt = endsAt;
    }

    /**
     * Maps {@code file} and checks its structure: footer, size, ascending ends, the seq it says it starts at.
     * The lines themselves are checked against the log by {@link LineBundles} (first and last hash).
     */
    static LineBundle map(Path file, long expectedFirstSeq, int expectedCount) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long linesLength = size - TRAILER - 4L * expectedCount;
            if (linesLength <= 0 || size > Integer.MAX_VALUE) {
                throw new IOException(size + " bytes cannot hold " + expectedCount + " lines and the footer");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            int trailer = (int) size - TRAILER;
            byte[] magic = new byte[MAGIC.length];
            map.get(trailer + 12, magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("no bundle footer (torn or foreign file)");
            }
            long firstSeq = map.getLong(trailer);
            int count = map.getInt(trailer + 8);
            if (firstSeq != expectedFirstSeq || count != expectedCount) {
                throw new IOException("footer says seqs " + firstSeq + " and " + count + " lines, the name says "
                        + expectedFirstSeq + " and the bundle size " + expectedCount);
            }
            LineBundle b = new LineBundle(firstSeq, count, map, (int) linesLength);
            int previous = -1;
            for (int i = 0; i < count; i++) {
                int end = b.end(i);
                if (end <= previous + 1 || end > linesLength || (i > 0 && map.get(previous) != ',')) {
                    throw new IOException("line " + (firstSeq + i) + " ends at " + end + ", out of order or outside the lines");
                }
                previous = end;
            }
            if (previous != linesLength) {
                throw new IOException("the lines end at " + previous + ", the footer starts at " + linesLength);
            }
            return b;
        }
    }

    boolean checked() {
        return checked;
    }

    void markChecked() {
        checked = true;
    }

    long firstSeq() {
        return firstSeq;
    }

    long lastSeq() {
        return firstSeq + count - 1;
    }

    /** The line of {@code seq}, which this bundle holds. */
    byte[] line(long seq) {
        byte[] out = new byte[runLength(seq, seq)];
        copyRun(seq, seq, out, 0);
        return out;
    }

    /** Bytes from the start of {@code from}'s line to the end of {@code to}'s, the commas between included. */
    int runLength(long from, long to) {
        return end(index(to)) - start(index(from));
    }

    /** Copies the run {@code from..to} (ascending; one line when equal) into {@code into} at {@code at}; returns where it ends. */
    int copyRun(long from, long to, byte[] into, int at) {
        int start = start(index(from));
        int length = end(index(to)) - start;
        map.get(start, into, at, length);
        return at + length;
    }

    private int index(long seq) {
        return (int) (seq - firstSeq);
    }

    private int start(int i) {
        return i == 0 ? 0 : end(i - 1) + 1;
    }

    private int end(int i) {
        return map.getInt(endsAt + 4 * i);
    }

    /** Writes a bundle body: lines joined by commas, then ends and footer. */
    static void write(FileChannel out, long firstSeq, byte[][] lines) throws IOException {
        int[] ends = new int[lines.length];
        int at = 0;
        for (int i = 0; i < lines.length; i++) {
            at += (i == 0 ? 0 : 1) + lines[i].length;
            ends[i] = at;
        }
        ByteBuffer body = ByteBuffer.allocate(at + 4 * lines.length + TRAILER);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                body.put((byte) ',');
            }
            body.put(lines[i]);
        }
        for (int end : ends) {
            body.putInt(end);
        }
        body.putLong(firstSeq).putInt(lines.length).put(MAGIC).flip();
        while (body.hasRemaining()) {
            out.write(body);
        }
    }
}
