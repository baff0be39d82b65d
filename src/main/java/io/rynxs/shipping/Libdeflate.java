package io.rynxs.shipping;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.rynxs.segment.Gzip;
import io.rynxs.segment.SegmentFile;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * libdeflate's whole-buffer gzip (the system's {@code libdeflate.so.0}, Debian package {@code libdeflate0}),
 * bound through JNA's direct mapping. It writes standard gzip — one member, CRC-32 and size in the trailer —
 * that every gzip reader decompresses to the same bytes; only the compressed bytes differ from zlib's. On
 * operator-shaped NDJSON at level 1 it compresses about 1.5× faster than zlib's level 1, to objects about 9%
 * smaller (docs/BENCHMARKS.md). Loaded at most once; {@link #unavailable()} says why it could not be.
 */
final class Libdeflate implements Gzip {
    /** Segments whose NDJSON is larger than this are streamed through zlib instead (bounded memory). */
    static final int WHOLE_BUFFER_LIMIT = 64 << 20;
    /** The one instance; usable only if {@link #unavailable()} is null. */
    static final Libdeflate GZIP = new Libdeflate(WHOLE_BUFFER_LIMIT);

    /** Library names tried in order: the development symlink, then the runtime package's soname. */
    private static final String[] NAMES = {"deflate", "libdeflate.so.0"};
    private static final String PROBLEM = load(NAMES);

    private final int limit;

    /** Tests give a small {@code limit} to see the switch to zlib. */
    Libdeflate(int limit) {
        this.limit = limit;
    }

    /** Binds this class to the first of {@code names} that loads; returns why none did, or null. */
    static String load(String... names) {
        try {
            if (Native.SIZE_T_SIZE != 8) {
                return "size_t is " + Native.SIZE_T_SIZE + " bytes on this platform (the binding maps it to a Java long)";
            }
            StringBuilder tried = new StringBuilder();
            for (String name : names) {
                try {
                    Native.register(Libdeflate.class, NativeLibrary.getInstance(name));
                    return null;
                } catch (UnsatisfiedLinkError e) {
                    tried.append(tried.isEmpty() ? "" : "; ").append(name).append(": ")
                            .append(firstLine(String.valueOf(e.getMessage())));
                }
            }
            return "not found (" + tried + ")";
        } catch (LinkageError | SecurityException e) {
            // JNA's own native stub could not be loaded (no writable temp directory, another architecture).
            return "JNA could not load: " + firstLine(String.valueOf(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Why libdeflate cannot be used here, or null if it can. */
    static String unavailable() {
        return PROBLEM;
    }

    @Override
    public String name() {
        return "libdeflate";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public Compression start(int expectedBytes) {
        if (PROBLEM != null) {
            throw new IllegalStateException("libdeflate is not available: " + PROBLEM);
        }
        return new Whole(limit, expectedBytes);
    }

    /** Frees the native buffers kept for the next object (sealing calls it when a run ends). */
    @Override
    public void trim() {
        for (Memory m; (m = SPARE.poll()) != null; ) {
            m.close();
        }
    }

    /**
     * One object: the NDJSON collected in native memory, compressed in one call at {@link #finish}. Past
     * {@link #limit} bytes what was collected goes into a zlib stream and the rest follows it, so a huge
     * segment never needs a huge buffer.
     */
    private static final class Whole implements Compression {
        private final int limit;
        private final int expectedBytes;
        private Memory in;
        private long size;
        private Compression overflow;

        Whole(int limit, int expectedBytes) {
            this.limit = limit;
            this.expectedBytes = expectedBytes;
            this.in = borrow(Math.min(limit, Math.max(64 * 1024, 5L * expectedBytes)));
        }

        @Override
        public void write(byte[] bytes, int off, int len) {
            if (overflow != null) {
                overflow.write(bytes, off, len);
                return;
            }
            if (size + len > limit) {
                overflow = Gzip.ZLIB.start(expectedBytes);
                byte[] chunk = new byte[(int) Math.min(size, 1 << 20)];
                for (long at = 0; at < size; at += chunk.length) {
                    int n = (int) Math.min(chunk.length, size - at);
                    in.read(at, chunk, 0, n);
                    overflow.write(chunk, 0, n);
                }
                release(in);
                in = null;
                overflow.write(bytes, off, len);
                return;
            }
            if (size + len > in.size()) {
                Memory bigger = borrow(Math.min(limit, Math.max(2 * in.size(), size + len)));
                bigger.write(0, in.getByteArray(0, (int) size), 0, (int) size);
                release(in);
                in = bigger;
            }
            in.write(size, bytes, off, len);
            size += len;
        }

        @Override
        public byte[] finish() {
            if (overflow != null) {
                return overflow.finish();
            }
            Pointer compressor = libdeflate_alloc_compressor(SegmentFile.LEVEL);
            if (compressor == null) {
                throw new IllegalStateException("libdeflate: no compressor for level " + SegmentFile.LEVEL + " (out of memory)");
            }
            try {
                long bound = libdeflate_gzip_compress_bound(compressor, size);
                Memory out = borrow(bound);
                try {
                    long written = libdeflate_gzip_compress(compressor, in, size, out, bound);
                    if (written <= 0 || written > bound) {
                        throw new IllegalStateException("libdeflate: gzip of " + size + " bytes did not fit its own bound of " + bound
                                + " (report a bug)");
                    }
                    return out.getByteArray(0, Math.toIntExact(written));
                } finally {
                    release(out);
                }
            } finally {
                libdeflate_free_compressor(compressor);
                release(in);
                in = null;
            }
        }
    }

    /**
     * Native buffers kept between objects: up to {@link #KEPT} of at most {@link #KEEP} bytes, so a run of
     * segments does not fault in fresh pages for each (two encoders hold an input and an output buffer each).
     */
    private static final int KEPT = 4;
    private static final ArrayBlockingQueue<Memory> SPARE = new ArrayBlockingQueue<>(KEPT);
    private static final long KEEP = 16L << 20;

    private static Memory borrow(long atLeast) {
        Memory m = SPARE.poll();
        if (m != null && m.size() >= atLeast) {
            return m;
        }
        if (m != null) {
            m.close();
        }
        // Rounded up to a MiB so that the next, slightly larger segment fits the same buffer.
        return new Memory(((Math.max(1, atLeast) + (1 << 20) - 1) >> 20) << 20);
    }

    private static void release(Memory m) {
        if (m != null && (m.size() > KEEP || !SPARE.offer(m))) {
            m.close();
        }
    }

    // size_t is a Java long: checked against Native.SIZE_T_SIZE when loading.
    private static native Pointer libdeflate_alloc_compressor(int compressionLevel);

    private static native long libdeflate_gzip_compress_bound(Pointer compressor, long inNbytes);

    private static native long libdeflate_gzip_compress(Pointer compressor, Pointer in, long inNbytes, Pointer out, long outNbytesAvail);

    private static native void libdeflate_free_compressor(Pointer compressor);
}
