package io.rynxs.segment;

import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Sha256;

/** An event line from outside (a proof file's {@code extra}, an auditor's file) read as strictly as a segment's. */
public final class CanonicalLine {

    private CanonicalLine() {
    }

    /**
     * The event on {@code line} (no newline), once it is the exact canonical line form and its {@code hash}
     * field is the SHA-256 of its other fields; otherwise an {@link InvalidEventException} saying why not.
     */
    public static Event event(byte[] line) {
        SegmentLine l = SegmentLine.read(line, 0, line.length, Sha256.newDigest());
        if (!l.hashMatches()) {
            throw new InvalidEventException("line of seq " + l.event().seq() + ": its hash field " + l.event().hash()
                    + " is not the SHA-256 of its fields (the event was altered)");
        }
        return l.event();
    }
}
