package io.rynxs.store;

/** An append whose expected head ({@code expectedSeq} or {@code expectedPrev}) is not the actual head: a conflict, nothing written. */
public final class HeadMismatchException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final transient Head actual;

    public HeadMismatchException(String message, Head actual) {
        super(message);
        this.actual = actual;
    }

    /** The head at the moment the append was refused. */
    public Head actual() {
        return actual;
    }
}
