package io.rynxs.event;

/**
 * Rules for the {@code aggregate} field: 1 to 253 Unicode code points with no control characters,
 * quotes or backslashes. Excluding the characters JSON escapes means the canonical form of an aggregate
 * is the text itself in quotes, which keeps the writer's hot path free of escaping.
 */
public final class Aggregate {
    public static final int MAX_LENGTH = 253;

    private Aggregate() {}

    public static String check(String aggregate) {
        if (aggregate == null || aggregate.isEmpty()) {
            throw new InvalidEventException("event aggregate is missing (name what the event is about, e.g. agent/default/alpha)");
        }
        int length = aggregate.codePointCount(0, aggregate.length());
        if (length > MAX_LENGTH) {
            throw new InvalidEventException("event aggregate has " + length + " characters, over the limit of " + MAX_LENGTH);
        }
        for (int i = 0; i < aggregate.length(); i++) {
            char c = aggregate.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                throw new InvalidEventException("event aggregate " + EventType.quote(aggregate) + " holds a control character, quote"
                        + " or backslash at index " + i + " (use letters, digits and separators such as / . - _ :)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < aggregate.length() && Character.isLowSurrogate(aggregate.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException("event aggregate holds a lone UTF-16 surrogate at index " + i);
            }
        }
        return aggregate;
    }
}
