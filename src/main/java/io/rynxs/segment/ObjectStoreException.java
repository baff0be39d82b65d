package io.rynxs.segment;

/** An object store that could not be read or written (network, permissions, missing bucket). */
public class ObjectStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public ObjectStoreException(String message) {
        super(message);
    }
}
