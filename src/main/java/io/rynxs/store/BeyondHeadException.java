package io.rynxs.store;

/** A request about a seq or tree size the log has not reached. */
public final class BeyondHeadException extends StoreException {
    private static final long serialVersionUID = 1L;

    public BeyondHeadException(String message) {
        super(message);
    }
}
