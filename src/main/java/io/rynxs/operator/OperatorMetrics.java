package io.rynxs.operator;

/**
 * What the operator reports to metrics, so the operator knows no Prometheus type: {@code serve} adapts
 * it to {@code RynxsMetrics}. Events appended are counted by the store's observer, not here.
 */
public interface OperatorMetrics {
    OperatorMetrics NONE = new OperatorMetrics() {};

    /** One reconcile of a resource type ({@code Agent}, {@code Session}) took {@code seconds}. */
    default void reconciled(String resourceType, double seconds) {}

    /** This replica started or stopped leading. */
    default void leader(boolean leads) {}

    /** This replica acquired the lease (counts leadership transitions seen from here). */
    default void leaderTransition() {}
}
