package io.rynxs.cli;

/** A combination of options or an input file that a command cannot work with. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
