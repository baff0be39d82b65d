package io.rynxs.operator;

/** One reconcile step for one key; the controller calls it with at most one call per key at a time. */
@FunctionalInterface
public interface Reconciler {
    /** What the controller does next with the key. */
    enum Outcome { DONE, RETRY }

    Outcome reconcile(String key);
}
