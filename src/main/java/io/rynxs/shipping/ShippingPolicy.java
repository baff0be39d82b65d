package io.rynxs.shipping;

import io.rynxs.segment.Gzip;
import java.time.Duration;

/**
 * When the unsealed tail becomes a segment (docs/DESIGN.md, Segments and the sink): at {@code maxEvents}, or at {@code maxAge} with at
 * least one event; and which {@link Gzip} compresses it ({@link SegmentGzips}).
 */
public record ShippingPolicy(int maxEvents, Duration maxAge, Gzip gzip) {
    public static final ShippingPolicy DEFAULT = new ShippingPolicy(10_000, Duration.ofSeconds(60));

    public ShippingPolicy {
        if (maxEvents < 1 || maxEvents > 1_000_000) {
            throw new IllegalArgumentException("segment maxEvents " + maxEvents + " is outside 1..1000000");
        }
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("segment maxAge " + maxAge + " must be zero or positive (e.g. PT60S)");
        }
        if (gzip == null) {
            throw new IllegalArgumentException("segment gzip: none given (report a bug)");
        }
    }

    /** The policy with the best gzip this machine has ({@link SegmentGzips#best()}). */
    public ShippingPolicy(int maxEvents, Duration maxAge) {
        this(maxEvents, maxAge, SegmentGzips.best());
    }
}
