package io.rynxs.event;

/**
 * Bytes from outside the program that are not well-formed UTF-8, with the offset of the first byte of
 * the first ill-formed sequence. An {@link InvalidEventException}, so an edge that does not translate it
 * still answers it as bad input.
 */
public final class InvalidUtf8Exception extends InvalidEventException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final int value;

    InvalidUtf8Exception(String what, int offset, int value, String hint) {
        super(what + ": " + problem(offset, value) + " (" + hint + ")");
        this.offset = offset;
        this.value = value;
    }

    /** Where the ill-formed sequence starts, counting from 0 at the first byte decoded. */
    public int offset() {
        return offset;
    }

    /** The problem without subject or hint, e.g. {@code invalid UTF-8 at byte 17 (0xff)}, for edges that word their own. */
    public String problem() {
        return problem(offset, value);
    }

    private static String problem(int offset, int value) {
        return "invalid UTF-8 at byte " + offset + " (0x" + String.format("%02x", value) + ")";
    }
}
