package io.rynxs.state;

/**
 * A JSON value without the shape a reader expects. The reducer turns it into a {@link Rejection};
 * snapshot parsing turns it into a {@link StateException}. It never leaves the package.
 */
final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
        super(message);
    }
}
