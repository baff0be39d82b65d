package io.rynxs.console;

/** A combination of options or an input file that a command cannot work with. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
