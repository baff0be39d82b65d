package io.rynxs.event;

/** An event, or JSON destined for one, that breaks a rule of the event format. */
public class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }
}
