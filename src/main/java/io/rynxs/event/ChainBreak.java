package io.rynxs.event;

/** The first place a chain stops verifying: the seq, what kind of break, and the reason in words an operator can act on. */
public record ChainBreak(long seq, Code code, String reason) {
    /** What is wrong at {@link #seq}. */
    public enum Code {
        /** An event is missing, or a seq appears twice. */
        SEQ_GAP,
        /** The stored hash is not the hash of the stored fields. */
        HASH_MISMATCH,
        /** The {@code prev} field does not name the hash of the event before. */
        LINK_BROKEN,
        /** A field cannot be read as what it must be (not JSON, bad hex, unknown version). */
        MALFORMED,
        /** The epoch is below the previous event's (epochs never go down). */
        EPOCH_DECREASED
    }
}
