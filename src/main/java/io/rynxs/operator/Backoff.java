package io.rynxs.operator;

import java.time.Duration;

/** Exponential backoff with a cap: base, 2·base, 4·base, … never above cap. */
public record Backoff(Duration base, Duration cap) {
    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff: base " + base + " must be positive and cap " + cap + " at least base");
        }
    }

    /** The delay before retry number {@code failures} (1 for the first failure). */
    public Duration delay(int failures) {
        int shift = Math.max(0, Math.min(failures - 1, 40));
        long nanos = base.toNanos();
        return nanos > cap.toNanos() >> shift ? cap : Duration.ofNanos(Math.min(cap.toNanos(), nanos << shift));
    }
}
