package io.rynxs.store;

/** An append the store would not take because it is closing or closed; nothing was written. */
public final class StoreClosedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreClosedException(String message) {
        super(message);
    }
}
