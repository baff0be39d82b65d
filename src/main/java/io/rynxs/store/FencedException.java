package io.rynxs.store;

/** An append carrying an epoch lower than the head's: a deposed leader trying to write (docs/DESIGN.md, High availability). */
public final class FencedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public FencedException(String message) {
        super(message);
    }
}
