package io.rynxs.state;

/** A state that cannot be built: a snapshot that does not parse, or events that do not continue its head. */
public final class StateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }
}
