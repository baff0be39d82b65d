package io.rynxs.segment;

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
            return SegmentFile.zlib(expectedBytes, SegmentFile.LEVEL);
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
}
