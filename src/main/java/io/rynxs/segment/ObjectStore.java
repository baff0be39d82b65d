package io.rynxs.segment;

import java.util.List;
import java.util.Optional;

/**
 * Write-once object storage for segments (docs/DESIGN.md, Segments and the sink): an S3 bucket or a local directory. Keys are
 * '/'-separated paths; no object is ever overwritten or deleted through this port, but for the tiled log's checkpoint.
 * I/O failures are {@link ObjectStoreException}s.
 */
public interface ObjectStore extends AutoCloseable {

    /** Writes {@code bytes} under {@code key} only if nothing is there; {@code sha256} is their hex SHA-256, checked by the store. */
    PutResult putIfAbsent(String key, byte[] bytes, String sha256);

    /**
     * Writes {@code bytes} under {@code key}, replacing what is there, atomically (a reader sees the old bytes or the
     * new). Used for one object only: the tiled log's {@code checkpoint}, which the tlog-tiles spec makes mutable.
     */
    void replace(String key, byte[] bytes, String sha256);

    /** The object's bytes, or empty if there is no such object. */
    Optional<byte[]> get(String key);

    /** Whether an object exists under {@code key}. */
    boolean exists(String key);

    /** Every key starting with {@code prefix}, in ascending (byte) order. */
    List<String> list(String prefix);

    /** Where this store points, for messages (e.g. {@code s3://bucket}, {@code file:///data/segments}). */
    String describe();

    @Override
    default void close() {}
}
