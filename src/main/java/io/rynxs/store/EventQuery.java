package io.rynxs.store;

import java.time.Instant;

/**
 * A page of history: events after/before a seq, optionally of one type or aggregate or time window,
 * in ascending or descending seq order. Every filter rides on an index that ends in seq.
 */
public record EventQuery(long afterSeq, long beforeSeq, int limit, boolean descending, String type, String aggregate,
                         Instant since, Instant until) {
    public static final int MAX_LIMIT = 10_000;

    public EventQuery {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq " + afterSeq + " is negative (use 0 for the start of the log)");
        }
        if (beforeSeq < 0) {
            throw new IllegalArgumentException("beforeSeq " + beforeSeq + " is negative (use 0 for no upper bound)");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is outside 1.." + MAX_LIMIT);
        }
    }

    /** Ascending from the start, no filters. */
    public static EventQuery after(long afterSeq, int limit) {
        return new EventQuery(afterSeq, 0, limit, false, null, null, null, null);
    }

    public EventQuery withType(String t) {
        return new EventQuery(afterSeq, beforeSeq, limit, descending, t, aggregate, since, until);
    }

    public EventQuery withAggregate(String a) {
        return new EventQuery(afterSeq, beforeSeq, limit, descending, type, a, since, until);
    }
}
