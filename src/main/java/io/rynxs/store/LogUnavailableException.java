package io.rynxs.store;

/** A write that cannot be taken now but can be retried: the log is being verified, or the disk refused the last commit. */
public final class LogUnavailableException extends StoreException {
    private static final long serialVersionUID = 1L;

    public LogUnavailableException(String message) {
        super(message);
    }

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
