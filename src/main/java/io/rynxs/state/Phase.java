package io.rynxs.state;

/** Where an agent stands with its latest decision (docs/DESIGN.md, The operator). */
public enum Phase {
    /** Observed, and its latest decision is missing, older than the observation, or not fully applied. */
    Pending,
    /** Every action of a decision taken after the latest observation was applied. */
    Ready,
    /** An action of that decision failed and has not been applied since. */
    Failed
}
