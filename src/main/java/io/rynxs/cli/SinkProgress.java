package io.rynxs.cli;

import io.rynxs.console.Progress;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.PutResult;
import io.rynxs.segment.SegmentLayout;
import java.util.List;
import java.util.Optional;

/**
 * The sink as {@code segments seal} and {@code restore} use it, telling {@link Progress} how far they got: a
 * segment's key names its last seq, so each segment object written (seal) or read (restore) says where the
 * command is. The shipping and restore code takes any {@link ObjectStore}, so it needs no hook of its own.
 * Restore reads a few segments ahead of the one it verifies, so its count leads by that much.
 */
final class SinkProgress implements ObjectStore {
    private final ObjectStore sink;
    private final SegmentLayout layout;
    private final Progress progress;
    private final String what;
    private final boolean reads;
    private volatile long total;

    private SinkProgress(ObjectStore sink, SegmentLayout layout, Progress progress, String what, boolean reads, long total) {
        this.sink = sink;
        this.layout = layout;
        this.progress = progress;
        this.what = what;
        this.reads = reads;
        this.total = total;
    }

    /** Counts the segments written, through seq {@code head} at most. */
    static ObjectStore writes(ObjectStore sink, SegmentLayout layout, Progress progress, String what, long head) {
        return progress.on() ? new SinkProgress(sink, layout, progress, what, false, head) : sink;
    }

    /** Counts the segments read, of those the sink lists (up to {@code toSeq}, unless it is 0). */
    static ObjectStore reads(ObjectStore sink, SegmentLayout layout, Progress progress, String what, long toSeq) {
        return progress.on() ? new SinkProgress(sink, layout, progress, what, true, toSeq) : sink;
    }

    @Override
    public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
        PutResult r = sink.putIfAbsent(key, bytes, sha256);
        if (!reads) {
            layout.parseSegmentKey(key).ifPresent(range -> progress.at(what, range.last(), total, ""));
        }
        return r;
    }

    @Override
    public void replace(String key, byte[] bytes, String sha256) {
        sink.replace(key, bytes, sha256);
    }

    @Override
    public Optional<byte[]> get(String key) {
        Optional<byte[]> bytes = sink.get(key);
        if (reads) {
            long of = total;
            layout.parseSegmentKey(key).map(SegmentLayout.SeqRange::last)
                    .ifPresent(last -> progress.at(what, of > 0 ? Math.min(last, of) : last, of, "events"));
        }
        return bytes;
    }

    @Override
    public boolean exists(String key) {
        return sink.exists(key);
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = sink.list(prefix);
        if (reads && prefix.equals(layout.segmentsPrefix())) {
            // The listing says how far the segments go; a restore up to a seq goes no further.
            long last = keys.stream().flatMap(k -> layout.parseSegmentKey(k).stream()).mapToLong(SegmentLayout.SeqRange::last)
                    .max().orElse(0);
            total = total > 0 ? Math.min(total, last) : last;
        }
        return keys;
    }

    @Override
    public String describe() {
        return sink.describe();
    }
}
