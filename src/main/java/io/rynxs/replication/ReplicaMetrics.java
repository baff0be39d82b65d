package io.rynxs.replication;

/** What a replica reports to a metrics registry, without knowing which one. */
public interface ReplicaMetrics {
    ReplicaMetrics NONE = new ReplicaMetrics() {};

    /** A write-once conflict in the bucket made this replica step down. */
    default void fencingConflict() {}

    /** Events in the bucket this replica does not hold yet: 0 from the moment it leads. */
    default void followerLag(long events) {}
}
