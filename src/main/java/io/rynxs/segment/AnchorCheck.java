package io.rynxs.segment;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Holds verified segments to their anchors, once every segment up to the head passed. Pure: the Merkle roots and event
 * hashes the segments give at the anchors' sizes come in, recorded as the lines went by. An anchor at or below the head
 * must carry the segments' root and chain hash at its size (else the segments are another history than the one the
 * log signed); anchors beyond the head, and an expected size beyond it, are one {@code TRUNCATED} failure naming each.
 */
final class AnchorCheck {
    /** The segments' Merkle root and the hash of the event at one size. */
    record At(byte[] root, String chainHash) {}

    /** The first failure, if any, and every anchor beyond the head (listed even when another failure comes first). */
    record Result(Optional<SegmentFailure> failure, List<Anchor> beyondHead) {}

    private AnchorCheck() {}

    static Result check(SegmentLayout layout, long head, Map<Long, At> at, List<Anchor> anchors, long expectSize) {
        List<Anchor> bySize = anchors.stream().sorted(Comparator.comparingLong(Anchor::size)).toList();
        List<Anchor> beyond = new ArrayList<>();
        SegmentFailure failure = null;
        for (Anchor a : bySize) {
            if (a.size() > head) {
                beyond.add(a);
            } else if (failure == null && a.size() > 0) {
                // Size 0 is the empty tree, which says nothing about any event (and a Rynxs log never signs it).
                failure = agree(a, at.get(a.size()));
            }
        }
        if (failure == null && (!beyond.isEmpty() || expectSize > head)) {
            failure = truncated(layout, head, beyond, expectSize);
        }
        return new Result(Optional.ofNullable(failure), List.copyOf(beyond));
    }

    private static SegmentFailure agree(Anchor a, At segments) {
        if (segments == null) {
            throw new IllegalStateException("anchor check: no root recorded at size " + a.size() + " (report a bug)");
        }
        HexFormat hex = HexFormat.of();
        if (!MessageDigest.isEqual(segments.root(), a.checkpoint().root())) {
            return new SegmentFailure(SegmentCode.ROOT_MISMATCH, a.source(), a.size(), "the segments' Merkle root at size " + a.size()
                    + " is " + hex.formatHex(segments.root()) + ", this signed checkpoint says " + hex.formatHex(a.checkpoint().root())
                    + " (the segments are another history than the one the log signed: the sink was switched or rewritten)");
        }
        if (!segments.chainHash().equals(a.checkpoint().chainHash())) {
            return new SegmentFailure(SegmentCode.CHECKPOINT_INVALID, a.source(), a.size(), "its rynxs-chain line is "
                    + a.checkpoint().chainHash() + ", the hash of event " + a.size() + " is " + segments.chainHash()
                    + " though the roots agree (a Rynxs log never signs such a note; do not trust it)");
        }
        return null;
    }

    private static SegmentFailure truncated(SegmentLayout layout, long head, List<Anchor> beyond, long expectSize) {
        List<String> why = new ArrayList<>();
        if (!beyond.isEmpty()) {
            why.add("signed checkpoints reach further: " + beyond.stream().map(a -> a.source() + " (size " + a.size() + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (expectSize > head) {
            why.add("at least " + expectSize + " events were expected (--expect-size)");
        }
        long reached = Math.max(expectSize, beyond.isEmpty() ? 0 : beyond.get(beyond.size() - 1).size());
        return new SegmentFailure(SegmentCode.TRUNCATED, layout.manifestKey(head + 1), head + 1, (head == 0 ? "the sink holds no segments"
                : "the segments end at seq " + head) + ", but " + String.join("; ", why) + " (events " + (head + 1) + ".." + reached + " were shipped and are gone from"
                + " the sink, or this is an older copy of it: put the missing manifests and segments back from a copy or from"
                + " earlier object versions)");
    }
}
