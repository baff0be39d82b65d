package io.rynxs.event;


/**
 * Stored JSON fields checked the way segment lines are: one JSON object, exactly as RFC 8785 writes it.
 * A row's hash covers the concatenation of its fields, so a hash that verifies says nothing about where
 * one field ends and the next begins: a payload that swallowed part of its neighbour hashes the same. Only
 * fields that are each one complete canonical object make the split, and so the row, unambiguous.
 */
public final class CanonicalText {
    /** The deepest nesting any configuration allows ({@code RYNXS_MAX_JSON_DEPTH} is at most 1024), plus the object itself. */
    public static final int MAX_DEPTH = 1025;

    private CanonicalText() {}

    /** Throws an {@link InvalidEventException} naming {@code field} of event {@code seq} unless {@code json} is one canonical object. */
    public static void requireObject(long seq, String field, byte[] json) {
        if (json == null || json.length < 2 || json[0] != '{') {
            throw new InvalidEventException("event " + seq + ": " + field + " is not a JSON object");
        }
        CanonicalScanner s = new CanonicalScanner(json, 0, json.length, MAX_DEPTH);
        try {
            s.object(1);
        } catch (InvalidEventException e) {
            throw new InvalidEventException("event " + seq + ": " + field + " " + e.getMessage().replace("line is", "is"));
        }
        if (!s.atEnd()) {
            throw new InvalidEventException("event " + seq + ": " + field + " holds more than one JSON object (it ends at byte "
                    + s.pos() + " of " + json.length + ")");
        }
    }
}
