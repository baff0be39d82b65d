package io.rynxs.segment;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where segments, manifests and checkpoints live under a prefix (docs/DESIGN.md, Segments and the sink): the same keys on S3 and in a
 * local directory. Numbers are zero-padded to 20 digits, so key order is seq order.
 */
public record SegmentLayout(String prefix) {
    /** The default prefix, {@code events/}. */
    public static final SegmentLayout DEFAULT = new SegmentLayout("events/");

    private static final Pattern SEGMENT = Pattern.compile("segments/([0-9]{20})-([0-9]{20})\\.ndjson\\.gz");
    private static final Pattern MANIFEST = Pattern.compile("manifests/([0-9]{20})\\.json");

    public SegmentLayout {
        if (prefix == null || prefix.startsWith("/") || prefix.contains("//") || !(prefix.isEmpty() || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("segment layout: prefix \"" + prefix
                    + "\" must be empty or end with '/', without a leading '/' or empty parts (e.g. events/)");
        }
    }

    public String segmentKey(long first, long last) {
        return prefix + segmentName(first, last);
    }

    /**
     * The segment's key relative to the prefix, as a manifest's {@code object} field names it, so that
     * a copy under another prefix or in a directory still verifies.
     */
    public static String segmentName(long first, long last) {
        return "segments/" + pad(first) + "-" + pad(last) + ".ndjson.gz";
    }

    public String manifestKey(long first) {
        return prefix + "manifests/" + pad(first) + ".json";
    }

    public String checkpointKey(long last) {
        return prefix + "checkpoints/" + pad(last) + ".note";
    }

    /**
     * The tiled log's mutable checkpoint object beside the segments (docs/FORMAT.md, "The standard transparency log"):
     * the newest published note, which a cut of the segments' tail leaves behind unless it is rolled back too.
     */
    public String logCheckpointKey() {
        return prefix + "checkpoint";
    }

    public String segmentsPrefix() {
        return prefix + "segments/";
    }

    public String manifestsPrefix() {
        return prefix + "manifests/";
    }

    public String checkpointsPrefix() {
        return prefix + "checkpoints/";
    }

    /** The range a segment key names, if {@code key} is a segment key under this prefix. */
    public Optional<SeqRange> parseSegmentKey(String key) {
        Matcher m = match(SEGMENT, key);
        return m == null ? Optional.empty() : Optional.of(new SeqRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }

    /** The first seq a manifest key names, if {@code key} is a manifest key under this prefix. */
    public Optional<Long> parseManifestKey(String key) {
        Matcher m = match(MANIFEST, key);
        return m == null ? Optional.empty() : Optional.of(Long.parseLong(m.group(1)));
    }

    private Matcher match(Pattern p, String key) {
        if (!key.startsWith(prefix)) {
            return null;
        }
        Matcher m = p.matcher(key.substring(prefix.length()));
        return m.matches() ? m : null;
    }

    static String pad(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("segment key: seq " + n + " is below 1");
        }
        return String.format("%020d", n);
    }

    /** An inclusive range of seqs, {@code first ≤ last}. */
    public record SeqRange(long first, long last) {
        public SeqRange {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException("seq range " + first + ".." + last + " is empty or below 1");
            }
        }

        public long count() {
            return last - first + 1;
        }
    }
}
