package io.rynxs.shipping;

/** What following the bucket reports to a metrics registry, without knowing which one. */
public interface FollowerMetrics {
    FollowerMetrics NONE = new FollowerMetrics() {};

    /** Events in the bucket that this replica does not hold yet (0 when caught up). */
    default void followerLag(long events) {}

    /** Last seq applied from the bucket (or held locally as shipped). */
    default void followerLastApplied(long seq) {}

    /** Events now in the quarantine table, all batches. */
    default void quarantined(long total) {}
}
