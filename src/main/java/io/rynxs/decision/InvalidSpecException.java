package io.rynxs.decision;

/**
 * An Agent whose spec cannot be normalized (an unknown role arriving past the schema, an image without a
 * tag): the reconciler reports it in the Agent's status instead of recording or deciding anything.
 */
public final class InvalidSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidSpecException(String field, String message) {
        super("spec." + field + ": " + message);
        this.field = field;
    }

    /** The offending field, relative to {@code spec}. */
    public String field() {
        return field;
    }
}
