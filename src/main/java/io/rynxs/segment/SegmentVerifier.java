package io.rynxs.segment;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.event.Event;
import io.rynxs.event.Sha256;
import io.rynxs.merkle.CompactRange;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies the segments under a layout from genesis, without trusting anything but the verifier key:
 * every line (canonical form, hash, prev link, seq continuity, epochs), every manifest against its content
 * and its predecessor, every object checksum, the Merkle root at each segment's end (one compact range
 * carried across segments) and each segment's signed checkpoint. Stops at the first failure.
 *
 * <p>Order of checks per segment: manifest continuity and chain, lines, manifest fields, checksum, root,
 * checkpoint. The state line of a checkpoint needs a replay and is checked by restore, not here.
 *
 * <p>Then the head is held to {@link Anchors}: the segments prove only what they hold, so a sink whose newest
 * manifests were deleted would verify as a shorter whole. Every signed checkpoint the sink still holds beyond the
 * head, or an auditor's note or expected size beyond it, fails the verification ({@code TRUNCATED}); one at or below
 * the head must carry the root the segments give at its size ({@code ROOT_MISMATCH} otherwise).
 */
public final class SegmentVerifier {
    /** Receives each segment once all of its checks passed, in seq order. */
    public interface Listener {
        void verified(Manifest manifest, List<Event> events, byte[] checkpointNote);
    }

    /**
     * Like {@link Listener}, with the last word: a check only the caller can make (restore's state line)
     * returns its failure, which ends the verification there as any other failure would; null goes on.
     */
    public interface Checker {
        SegmentFailure verified(Manifest manifest, List<Event> events, byte[] checkpointNote);
    }

    private final ObjectStore store;
    private final SegmentLayout layout;
    private final NoteVerifier key;

    private final int threads;

    public SegmentVerifier(ObjectStore store, SegmentLayout layout, NoteVerifier key) {
        this(store, layout, key, DEFAULT_THREADS);
    }

    /**
     * With {@code threads} threads fetching, decoding and canonical-checking segments ahead of the in-order
     * checks (1 or more; results are still taken strictly in seq order, so the first failure is the same).
     */
    public SegmentVerifier(ObjectStore store, SegmentLayout layout, NoteVerifier key, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("segment verifier: threads " + threads + " is below 1 (use 1 or more)");
        }
        this.store = store;
        this.layout = layout;
        this.key = key;
        this.threads = threads;
    }

    /** One reader per core, at most two: the in-order checks on the calling thread are light. */
    private static final int DEFAULT_THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

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

    /** Verifies every segment, held to the sink's own signed checkpoints. */
    public SegmentReport verify() {
        return verify(Anchors.SINK);
    }

    /** Verifies every segment, held to {@code anchors}. */
    public SegmentReport verify(Anchors anchors) {
        return verifyChecked(0, anchors, checker((m, e, n) -> {}));
    }

    /**
     * Verifies segments up to the one holding {@code toSeq} (0 = all, then held to the sink's own checkpoints), handing
     * each verified segment to {@code listener}.
     */
    public SegmentReport verify(long toSeq, Listener listener) {
        return verifyChecked(toSeq, Anchors.SINK, checker(listener));
    }

    /**
     * Like {@link #verify(long, Listener)}, where the caller's own check of each segment can fail it, held to
     * {@code anchors}: to the sink's own checkpoints only when verifying everything ({@code toSeq} 0; what the sink
     * holds beyond a smaller {@code toSeq} was not asked for), to the held notes and the expected size always, and
     * for them the segments are verified as far as their sizes, beyond {@code toSeq} if need be.
     */
    public SegmentReport verifyChecked(long toSeq, Anchors anchors, Checker checker) {
        return new Run(Start.genesis(), toSeq, anchors, checker).run();
    }

    private static Checker checker(Listener listener) {
        return (m, events, note) -> {
            listener.verified(m, events, note);
            return null;
        };
    }

    /**
     * Verifies the segments after {@code start} (manifests keyed before it are not read), up to the one
     * holding {@code toSeq} (0 = all), with every check of {@link #verify()} carried on from {@code start}
     * but the anchors: the caller holds the log before {@code start} and asks only what comes next.
     */
    public SegmentReport verifyFrom(Start start, long toSeq, Listener listener) {
        return new Run(start, toSeq, Anchors.NONE, checker(listener)).run();
    }

    /** One pass; holds the carried chain, tree and manifest hash, and the roots recorded at the anchors' sizes. */
    private final class Run {
        private final long toSeq;
        private final Anchors anchors;
        private final Checker listener;
        private final CompactRange tree;
        private final Map<Long, String> manifestObjects = new HashMap<>();
        private final long startSeq;
        private long expectedSeq;
        private String expectedPrev;
        private long epoch;
        private String previousManifest;
        private int segments;
        private long events;
        /** The anchors' sizes, ascending, and the index of the next one the lines will reach. */
        private long[] anchorSizes = new long[0];
        private int nextAnchor;
        private final Map<Long, AnchorCheck.At> anchored = new HashMap<>();

        Run(Start start, long toSeq, Anchors anchors, Checker listener) {
            this.toSeq = toSeq;
            this.anchors = anchors;
            this.listener = listener;
            this.tree = start.tree().copy();
            this.startSeq = start.nextSeq();
            this.expectedSeq = start.nextSeq();
            this.expectedPrev = start.prev();
            this.epoch = start.epoch();
            this.previousManifest = start.previousManifestSha256();
        }

        SegmentReport run() {
            List<Anchor> held = new ArrayList<>();
            SegmentFailure unusable = openHeld(held);
            if (unusable != null) {
                return new SegmentReport(0, 0, startSeq - 1, expectedPrev, Optional.of(unusable), List.of());
            }
            // Before the manifests are listed, so that a checkpoint shipped meanwhile comes with its manifest.
            SinkCheckpoints sinkNotes = anchors.sink() && toSeq == 0 ? SinkCheckpoints.list(store, layout) : null;
            List<String> segmentKeys = store.list(layout.segmentsPrefix()).stream()
                    .filter(k -> layout.parseSegmentKey(k).map(r -> r.first() >= startSeq).orElse(false)).toList();
            List<String> manifestKeys = store.list(layout.manifestsPrefix()).stream()
                    .filter(k -> layout.parseManifestKey(k).map(f -> f >= startSeq).orElse(false)).toList();
            Map<Long, String> manifestByFirst = new HashMap<>();
            manifestKeys.forEach(k -> manifestByFirst.put(layout.parseManifestKey(k).orElseThrow(), k));
            List<Anchor> all = new ArrayList<>(held);
            List<IgnoredCheckpoint> ignored = List.of();
            if (sinkNotes != null) {
                SinkCheckpoints.Found found = sinkNotes.open(store, layout, manifestByFirst.keySet(), key);
                all.addAll(found.anchors());
                ignored = found.ignored();
            }
            anchorSizes = all.stream().mapToLong(Anchor::size).filter(s -> s >= startSeq).distinct().sorted().toArray();
            long through = toSeq == 0 ? 0 : Math.max(toSeq, Math.max(anchors.expectSize(), held.stream().mapToLong(Anchor::size).max().orElse(0)));
            SegmentFailure failure = null;
            List<String> wanted = manifestKeys.stream()
                    .filter(k -> through == 0 || layout.parseManifestKey(k).orElseThrow() <= through).toList();
            try (SegmentPipeline pipeline = new SegmentPipeline(wanted, k -> FetchedSegment.fetch(store, layout, k), threads)) {
                for (String manifestKey : wanted) {
                    if (through > 0 && expectedSeq > through) {
                        break;
                    }
                    failure = segment(manifestKey, pipeline);
                    if (failure != null) {
                        break;
                    }
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
            List<Anchor> beyond = List.of();
            if (failure == null) {
                AnchorCheck.Result checked = AnchorCheck.check(layout, expectedSeq - 1, anchored, all, anchors.expectSize());
                failure = checked.failure().orElse(null);
                beyond = checked.beyondHead();
            }
            return new SegmentReport(segments, events, expectedSeq - 1, expectedPrev, Optional.ofNullable(failure), orphans, all, beyond,
                    ignored);
        }

        /** Opens the notes the caller holds into {@code into}; the first that does not verify ends the run before any read. */
        private SegmentFailure openHeld(List<Anchor> into) {
            for (Anchors.HeldNote h : anchors.held()) {
                try {
                    into.add(new Anchor(h.source(), Checkpoint.open(h.note(), key)));
                } catch (CheckpointException e) {
                    return fail(SegmentCode.CHECKPOINT_INVALID, h.source(), 0, e.code() + ": " + e.getMessage() + " (the note given to"
                            + " check the sink against does not verify with this verifier key: it comes from another log, or was altered)");
                }
            }
            return null;
        }

        private SegmentFailure segment(String manifestKey, SegmentPipeline pipeline) {
            long first = layout.parseManifestKey(manifestKey).orElseThrow();
            if (first != expectedSeq) {
                return fail(SegmentCode.SEQ_GAP, manifestKey, expectedSeq, first > expectedSeq
                        ? "events " + expectedSeq + ".." + (first - 1) + " are in no segment (a manifest and its segment are missing)"
                        : "the manifest starts at " + first + ", inside the previous segment (manifests overlap)");
            }
            FetchedSegment f = pipeline.take(manifestKey);
            if (f.manifestBytes == null) {
                return fail(SegmentCode.MISSING_OBJECT, manifestKey, first, "the manifest disappeared while verifying");
            }
            if (f.manifestError != null) {
                return fail(SegmentCode.MANIFEST_MISMATCH, manifestKey, first, f.manifestError);
            }
            Manifest m = f.manifest;
            if (m.first() != first || !m.object().equals(SegmentLayout.segmentName(m.first(), m.last()))) {
                return fail(SegmentCode.MANIFEST_MISMATCH, manifestKey, first, "the manifest names range " + m.first() + ".."
                        + m.last() + " and object " + m.object() + ", which do not match its key");
            }
            if (!m.origin().equals(key.name())) {
                return fail(SegmentCode.MANIFEST_MISMATCH, manifestKey, first, "origin " + m.origin()
                        + " is not the verifier key's name " + key.name() + " (segments of another log?)");
            }
            String objectKey = f.objectKey;
            manifestObjects.put(first, objectKey);
            if (!m.previousManifestSha256().equals(previousManifest)) {
                return fail(SegmentCode.MANIFEST_CHAIN_BROKEN, manifestKey, first, "previousManifestSha256 "
                        + m.previousManifestSha256() + " is not the SHA-256 of the previous manifest, " + previousManifest
                        + " (a manifest was replaced or removed)");
            }
            if (f.object == null) {
                return fail(SegmentCode.MISSING_OBJECT, objectKey, first, "the manifest's segment object is not in " + store.describe());
            }
            for (int i = 0; i < f.lines.size(); i++) {
                SegmentFailure bad = line(objectKey, f.lines.get(i), f.leaves.get(i));
                if (bad != null) {
                    return bad;
                }
            }
            if (f.lineCode != null) {
                return fail(f.lineCode, objectKey, expectedSeq, f.lineReason);
            }
            List<Event> lines = f.events();
            SegmentFailure bad = fields(m, lines);
            if (bad != null) {
                return bad;
            }
            if (f.object.length != m.objectBytes() || !f.objectSha256.equals(m.objectSha256())) {
                return fail(SegmentCode.CHECKSUM_MISMATCH, objectKey, first, "object is " + f.object.length
                        + " bytes with SHA-256 " + f.objectSha256 + ", the manifest says " + m.objectBytes()
                        + " bytes and " + m.objectSha256());
            }
            String root = tree.root().hex();
            if (!root.equals(m.root())) {
                return fail(SegmentCode.ROOT_MISMATCH, manifestKey, m.last(), "Merkle root at " + m.last() + " recomputed as "
                        + root + ", the manifest says " + m.root());
            }
            String noteKey = layout.checkpointKey(m.last());
            if (f.note == null) {
                return fail(SegmentCode.MISSING_OBJECT, noteKey, m.last(), "no checkpoint at the segment's last seq");
            }
            bad = checkpoint(noteKey, f.note, m);
            if (bad != null) {
                return bad;
            }
            bad = listener.verified(m, lines, f.note);
            if (bad != null) {
                return bad;
            }
            previousManifest = Sha256.hex(f.manifestBytes);
            segments++;
            events += lines.size();
            return null;
        }

        /** The checks of one line that need the lines before it: seq, hash, link, epoch; then its Merkle leaf. */
        private SegmentFailure line(String objectKey, SegmentLine line, byte[] leaf) {
            Event e = line.event();
            if (e.seq() != expectedSeq) {
                return fail(SegmentCode.SEQ_GAP, objectKey, expectedSeq, "expected seq " + expectedSeq + ", the line holds "
                        + e.seq() + " (lines missing or reordered)");
            }
            if (!line.hashMatches()) {
                return fail(SegmentCode.HASH_MISMATCH, objectKey, e.seq(), "stored hash " + e.hash() + ", recomputed "
                        + Sha256.toHex(line.recomputedHash()) + " (the line was modified after it was written)");
            }
            if (!e.prev().equals(expectedPrev)) {
                return fail(SegmentCode.LINK_BROKEN, objectKey, e.seq(), "prev " + e.prev() + " is not the hash of event "
                        + (e.seq() - 1) + ", " + expectedPrev + " (an event was replaced, inserted or reordered)");
            }
            if (e.epoch() < epoch) {
                return fail(SegmentCode.EPOCH_DECREASED, objectKey, e.seq(), "epoch " + e.epoch()
                        + " is lower than the previous event's " + epoch + " (a deposed leader's write)");
            }
            tree.append(leaf);
            if (nextAnchor < anchorSizes.length && anchorSizes[nextAnchor] == e.seq()) {
                anchored.put(e.seq(), new AnchorCheck.At(tree.root().bytes(), e.hash()));
                nextAnchor++;
            }
            expectedSeq++;
            expectedPrev = e.hash();
            epoch = e.epoch();
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
