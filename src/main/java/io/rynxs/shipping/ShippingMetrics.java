package io.rynxs.shipping;

/** What shipping reports to a metrics registry, without knowing which one. */
public interface ShippingMetrics {
    ShippingMetrics NONE = new ShippingMetrics() {};

    /** One segment (object, manifest and checkpoint) reached the store. */
    default void segmentShipped() {}

    /** A step failed; {@code reason} is a short stable word: {@code io}, {@code conflict}, {@code store}. */
    default void shipFailure(String reason) {}

    /** The sink holds every event through {@code seq}; the rest of the log is unshipped. */
    default void shippedThrough(long seq) {}

    /** Last seq of the newest shipped segment. */
    default void lastShippedSeq(long seq) {}
}
