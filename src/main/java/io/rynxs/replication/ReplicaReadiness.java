package io.rynxs.replication;

/**
 * What the replica adds to {@code /readyz}: whether it may take traffic, and its role in words ("role leader, epoch 3").
 * The API shows its own {@code Readiness}; the CLI maps this onto it, so that neither package imports the other.
 */
public record ReplicaReadiness(boolean ready, String detail) {
    public ReplicaReadiness {
        if (detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("replica readiness: detail is missing (say the role, e.g. \"role follower, lag 0 events\")");
        }
    }

    static ReplicaReadiness ready(String detail) {
        return new ReplicaReadiness(true, detail);
    }

    static ReplicaReadiness notReady(String detail) {
        return new ReplicaReadiness(false, detail);
    }
}
