package io.rynxs.segment;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Sha256;
import io.rynxs.merkle.CompactRange;
import io.rynxs.merkle.MerkleHasher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Verifies the segments under a layout from genesis, without trusting anything but the verifier key:
 * every line (canonical form, hash, prev link, seq continuity, epochs), every manifest against its content
 * and its predecessor, every object checksum, the Merkle root at each segment's end (one compact range
 * carried across segments) and each segment's signed checkpoint. Stops at the first failure.
 *
 * <p>Order of checks per segment: manifest continuity and chain, lines, manifest fields, checksum, root,
 * checkpoint. The state line of a checkpoint needs a replay and is checked by restore, not here.
 */
public final class SegmentVerifier {
    /** Receives each segment once all of its checks passed, in seq order. */
    public interface Listener {
        void verified(Manifest manifest, List<Event> events, byte[] checkpointNote);
    }

    private static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private final ObjectStore store;
    private final SegmentLayout layout;
    private final NoteVerifier key;

    public SegmentVerifier(ObjectStore store, SegmentLayout layout, NoteVerifier key) {
        this.store = store;
        this.layout = layout;
        this.key = key;
    }

    /**
     * Where a verification starts: genesis, or right after a segment already verified and held locally
     * (a follower continuing from its own head): the next seq, the chain hash and epoch at that point, the
     * Merkle compact range of everything before, and the SHA-256 of the last verified manifest.
     */
    public record Start(long nextSeq, String prev, long epoch, CompactRange tree, String previousManifestSha256) {
        public static Start genesis() {
            return new Start(1, Sha256.ZERO_HEX, 0, CompactRange.empty(), Sha256.ZERO_HEX);
        }
    }

    /** Verifies every segment. */
    public SegmentReport verify() {
        return verify(0, (m, e, n) -> {});
    }

    /** Verifies segments up to the one holding {@code toSeq} (0 = all), handing each verified segment to {@code listener}. */
    public SegmentReport verify(long toSeq, Listener listener) {
        return new Run(Start.genesis(), toSeq, listener).run();
    }

    /**
     * Verifies the segments after {@code start} (manifests keyed before it are not read), up to the one
     * holding {@code toSeq} (0 = all), with every check of {@link #verify()} carried on from {@code start}.
     */
    public SegmentReport verifyFrom(Start start, long toSeq, Listener listener) {
        return new Run(start, toSeq, listener).run();
    }

    /** One pass; holds the carried chain, tree and manifest hash. */
    private final class Run {
        private final long toSeq;
        private final Listener listener;
        private final CompactRange tree;
        private final Map<Long, String> manifestObjects = new HashMap<>();
        private final long startSeq;
        private long expectedSeq;
        private String expectedPrev;
        private long epoch;
        private String previousManifest;
        private int segments;
        private long events;

        Run(Start start, long toSeq, Listener listener) {
            this.toSeq = toSeq;
            this.listener = listener;
            this.tree = start.tree().copy();
            this.startSeq = start.nextSeq();
            this.expectedSeq = start.nextSeq();
            this.expectedPrev = start.prev();
            this.epoch = start.epoch();
            this.previousManifest = start.previousManifestSha256();
        }

        SegmentReport run() {
            List<String> segmentKeys = store.list(layout.segmentsPrefix()).stream()
                    .filter(k -> layout.parseSegmentKey(k).map(r -> r.first() >= startSeq).orElse(false)).toList();
            List<String> manifestKeys = store.list(layout.manifestsPrefix()).stream()
                    .filter(k -> layout.parseManifestKey(k).map(f -> f >= startSeq).orElse(false)).toList();
            Map<Long, String> manifestByFirst = new HashMap<>();
            manifestKeys.forEach(k -> manifestByFirst.put(layout.parseManifestKey(k).orElseThrow(), k));
            SegmentFailure failure = null;
            for (String manifestKey : manifestKeys) {
                if (toSeq > 0 && expectedSeq > toSeq) {
                    break;
                }
                failure = segment(manifestKey);
                if (failure != null) {
                    break;
                }
            }
            if (failure == null && toSeq > expectedSeq - 1) {
                failure = new SegmentFailure(SegmentCode.SEQ_GAP, layout.manifestKey(expectedSeq), expectedSeq,
                        "the segments end at seq " + (expectedSeq - 1) + ", before the requested seq " + toSeq
                                + " (ask for a seq up to the last shipped one)");
            }
            List<String> orphans = new ArrayList<>();
            for (String k : segmentKeys) {
                long first = layout.parseSegmentKey(k).orElseThrow().first();
                String named = manifestObjects.get(first);
                if (!manifestByFirst.containsKey(first) || (named != null && !named.equals(k))) {
                    orphans.add(k);
                }
            }
            return new SegmentReport(segments, events, expectedSeq - 1, expectedPrev, Optional.ofNullable(failure), orphans);
        }

        private SegmentFailure segment(String manifestKey) {
            long first = layout.parseManifestKey(manifestKey).orElseThrow();
            if (first != expectedSeq) {
                return fail(SegmentCode.SEQ_GAP, manifestKey, expectedSeq, first > expectedSeq
                        ? "events " + expectedSeq + ".." + (first - 1) + " are in no segment (a manifest and its segment are missing)"
                        : "the manifest starts at " + first + ", inside the previous segment (manifests overlap)");
            }
            Optional<byte[]> manifestBytes = store.get(manifestKey);
            if (manifestBytes.isEmpty()) {
                return fail(SegmentCode.MISSING_OBJECT, manifestKey, first, "the manifest disappeared while verifying");
            }
            Manifest m;
            try {
                m = Manifest.parse(manifestBytes.get());
            } catch (IllegalArgumentException e) {
                return fail(SegmentCode.MANIFEST_MISMATCH, manifestKey, first, e.getMessage());
            }
            if (m.first() != first || !m.object().equals(SegmentLayout.segmentName(m.first(), m.last()))) {
                return fail(SegmentCode.MANIFEST_MISMATCH, manifestKey, first, "the manifest names range " + m.first() + ".."
                        + m.last() + " and object " + m.object() + ", which do not match its key");
            }
            if (!m.origin().equals(key.name())) {
                return fail(SegmentCode.MANIFEST_MISMATCH, manifestKey, first, "origin " + m.origin()
                        + " is not the verifier key's name " + key.name() + " (segments of another log?)");
            }
            String objectKey = layout.segmentKey(m.first(), m.last());
            manifestObjects.put(first, objectKey);
            if (!m.previousManifestSha256().equals(previousManifest)) {
                return fail(SegmentCode.MANIFEST_CHAIN_BROKEN, manifestKey, first, "previousManifestSha256 "
                        + m.previousManifestSha256() + " is not the SHA-256 of the previous manifest, " + previousManifest
                        + " (a manifest was replaced or removed)");
            }
            Optional<byte[]> object = store.get(objectKey);
            if (object.isEmpty()) {
                return fail(SegmentCode.MISSING_OBJECT, objectKey, first, "the manifest's segment object is not in " + store.describe());
            }
            List<Event> lines = new ArrayList<>((int) Math.min(m.count(), 100_000));
            SegmentFailure bad = lines(m, object.get(), lines);
            if (bad != null) {
                return bad;
            }
            bad = fields(m, lines);
            if (bad != null) {
                return bad;
            }
            if (object.get().length != m.objectBytes() || !Sha256.hex(object.get()).equals(m.objectSha256())) {
                return fail(SegmentCode.CHECKSUM_MISMATCH, objectKey, first, "object is " + object.get().length
                        + " bytes with SHA-256 " + Sha256.hex(object.get()) + ", the manifest says " + m.objectBytes()
                        + " bytes and " + m.objectSha256());
            }
            String root = tree.root().hex();
            if (!root.equals(m.root())) {
                return fail(SegmentCode.ROOT_MISMATCH, manifestKey, m.last(), "Merkle root at " + m.last() + " recomputed as "
                        + root + ", the manifest says " + m.root());
            }
            String noteKey = layout.checkpointKey(m.last());
            Optional<byte[]> note = store.get(noteKey);
            if (note.isEmpty()) {
                return fail(SegmentCode.MISSING_OBJECT, noteKey, m.last(), "no checkpoint at the segment's last seq");
            }
            bad = checkpoint(noteKey, note.get(), m);
            if (bad != null) {
                return bad;
            }
            listener.verified(m, lines, note.get());
            previousManifest = Sha256.hex(manifestBytes.get());
            segments++;
            events += lines.size();
            return null;
        }

        private SegmentFailure lines(Manifest m, byte[] object, List<Event> out) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(object), 64 * 1024)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(512);
                int b;
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        b = buf[i];
                        if (b != '\n') {
                            if (line.size() >= MAX_LINE_BYTES) {
                                return fail(SegmentCode.LINE_MALFORMED, layout.segmentKey(m.first(), m.last()), expectedSeq, "line longer than "
                                        + MAX_LINE_BYTES + " bytes");
                            }
                            line.write(b);
                            continue;
                        }
                        SegmentFailure bad = line(m, line.toByteArray(), out);
                        if (bad != null) {
                            return bad;
                        }
                        line.reset();
                    }
                }
                if (line.size() > 0) {
                    return fail(SegmentCode.LINE_MALFORMED, layout.segmentKey(m.first(), m.last()), expectedSeq, "the last line does not end in a newline"
                            + " (the object was truncated)");
                }
                return null;
            } catch (IOException e) {
                return fail(SegmentCode.OBJECT_CORRUPT, layout.segmentKey(m.first(), m.last()), expectedSeq, "not a complete gzip stream: " + e.getMessage()
                        + " (the object was truncated or altered)");
            }
        }

        private SegmentFailure line(Manifest m, byte[] bytes, List<Event> out) {
            Event e;
            try {
                e = SegmentLine.parse(bytes);
            } catch (InvalidEventException | IllegalArgumentException ex) {
                return fail(SegmentCode.LINE_MALFORMED, layout.segmentKey(m.first(), m.last()), expectedSeq, ex.getMessage());
            }
            if (e.seq() != expectedSeq) {
                return fail(SegmentCode.SEQ_GAP, layout.segmentKey(m.first(), m.last()), expectedSeq, "expected seq " + expectedSeq + ", the line holds "
                        + e.seq() + " (lines missing or reordered)");
            }
            String recomputed = e.computeHash();
            if (!recomputed.equals(e.hash())) {
                return fail(SegmentCode.HASH_MISMATCH, layout.segmentKey(m.first(), m.last()), e.seq(), "stored hash " + e.hash() + ", recomputed "
                        + recomputed + " (the line was modified after it was written)");
            }
            if (!e.prev().equals(expectedPrev)) {
                return fail(SegmentCode.LINK_BROKEN, layout.segmentKey(m.first(), m.last()), e.seq(), "prev " + e.prev() + " is not the hash of event "
                        + (e.seq() - 1) + ", " + expectedPrev + " (an event was replaced, inserted or reordered)");
            }
            if (e.epoch() < epoch) {
                return fail(SegmentCode.EPOCH_DECREASED, layout.segmentKey(m.first(), m.last()), e.seq(), "epoch " + e.epoch()
                        + " is lower than the previous event's " + epoch + " (a deposed leader's write)");
            }
            tree.append(MerkleHasher.leafHash(e.hashBytes()));
            expectedSeq++;
            expectedPrev = e.hash();
            epoch = e.epoch();
            out.add(e);
            return null;
        }

        private SegmentFailure fields(Manifest m, List<Event> lines) {
            String what = null;
            if (lines.size() != m.count() || expectedSeq - 1 != m.last()) {
                what = "the object holds " + lines.size() + " events ending at seq " + (expectedSeq - 1) + ", the manifest says "
                        + m.count() + " ending at " + m.last();
            } else if (!lines.get(0).prev().equals(m.prev()) || !lines.get(lines.size() - 1).hash().equals(m.head())) {
                what = "prev or head differ from the first and last lines";
            } else if (lines.stream().mapToLong(Event::epoch).max().orElse(0) != m.epoch()) {
                what = "epoch " + m.epoch() + " is not the highest epoch of the segment";
            }
            return what == null ? null : fail(SegmentCode.MANIFEST_MISMATCH, layout.manifestKey(m.first()), m.last(), what);
        }

        private SegmentFailure checkpoint(String noteKey, byte[] note, Manifest m) {
            Checkpoint c;
            try {
                c = Checkpoint.open(note, key);
            } catch (CheckpointException e) {
                return fail(SegmentCode.CHECKPOINT_INVALID, noteKey, m.last(), e.code() + ": " + e.getMessage());
            }
            if (c.treeSize() != m.last() || !MessageDigest.isEqual(c.root(), tree.root().bytes())
                    || !c.chainHash().equals(m.head())) {
                return fail(SegmentCode.CHECKPOINT_INVALID, noteKey, m.last(), "the signed checkpoint (size " + c.treeSize()
                        + ") does not carry the segment's size, root and head hash");
            }
            return null;
        }

        private SegmentFailure fail(SegmentCode code, String segment, long seq, String reason) {
            return new SegmentFailure(code, segment, seq, reason);
        }
    }
}
