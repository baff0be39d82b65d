package io.rynxs.migration;

import io.rynxs.event.Aggregate;
import io.rynxs.event.InvalidEventException;

/**
 * Our aggregate for a legacy {@code aggregate_id}: the id itself when it satisfies {@link Aggregate}'s
 * rules (all ids rynxs-python writes, {@code namespace/name}, do), else a sanitized form: every control
 * character, quote, backslash or lone surrogate becomes {@code _}, the result is cut to 253 code points,
 * and an empty id becomes {@code legacy}. The original id is then kept in {@code meta.legacy.aggregate_id}.
 */
public final class LegacyAggregate {
    static final String EMPTY = "legacy";

    private LegacyAggregate() {}

    public static String of(String aggregateId) {
        try {
            return Aggregate.check(aggregateId);
        } catch (InvalidEventException e) {
            return sanitize(aggregateId);
        }
    }

    private static String sanitize(String id) {
        StringBuilder out = new StringBuilder();
        int codePoints = 0;
        for (int i = 0; i < id.length() && codePoints < Aggregate.MAX_LENGTH; i++, codePoints++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                out.append(c).append(id.charAt(++i));
            } else if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                out.append('_');
            } else {
                out.append(c);
            }
        }
        return out.length() == 0 ? EMPTY : out.toString();
    }
}
