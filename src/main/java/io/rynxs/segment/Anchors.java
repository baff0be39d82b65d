package io.rynxs.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the segments must reach besides their own manifests, so that a sink cut short or switched for another copy
 * does not verify as whole: the sink's own signed checkpoints ({@code sink}: every object under {@code checkpoints/}
 * and the tiled log's {@code checkpoint}), notes an auditor holds ({@code held}, each checked under the verifier key
 * and failing the verification if it does not verify), and a size the auditor knows the log reached at least
 * ({@code expectSize}, 0 for none).
 *
 * <p>"At least", not "exactly": a live log keeps growing, and the question an auditor holding a size asks is whether
 * anything up to it is gone; the verified head is in the report for a script that wants equality.
 */
public record Anchors(boolean sink, List<HeldNote> held, long expectSize) {
    /** Only what the segments say of themselves (a follower continuing from its own head). */
    public static final Anchors NONE = new Anchors(false, List.of(), 0);
    /** The sink's own checkpoints, nothing from outside. */
    public static final Anchors SINK = new Anchors(true, List.of(), 0);

    /** A checkpoint note from outside the sink and where it came from (a file name, for messages). */
    public record HeldNote(String source, byte[] note) {
        public HeldNote {
            Objects.requireNonNull(source, "source");
            note = note.clone();
        }

        @Override
        public byte[] note() {
            return note.clone();
        }
    }

    public Anchors {
        held = List.copyOf(held);
        if (expectSize < 0) {
            throw new IllegalArgumentException("expected size " + expectSize + " is negative (give 1 or more, or 0 for none)");
        }
    }

    public Anchors holding(String source, byte[] note) {
        List<HeldNote> more = new ArrayList<>(held);
        more.add(new HeldNote(source, note));
        return new Anchors(sink, more, expectSize);
    }

    public Anchors expecting(long size) {
        return new Anchors(sink, held, size);
    }
}
