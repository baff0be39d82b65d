package io.rynxs.store;

import java.util.Objects;

/**
 * The first thing an audit found wrong.
 *
 * @param code       what kind of fault
 * @param seq        the first seq it concerns (for {@link AuditCode#TRUNCATED}, the first missing one)
 * @param commitment the commitment the rows contradict ({@link Commitment#source()}), or null for a fault in the rows alone
 * @param reason     what is wrong and what to do, in words an operator can act on
 */
public record AuditFinding(AuditCode code, long seq, String commitment, String reason) {
    public AuditFinding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line for logs, readiness and errors: {@code ROOT_MISMATCH at seq 3000 (checkpoint 7450): …}. */
    public String describe() {
        return code + " at seq " + seq + (commitment == null ? "" : " (" + commitment + ")") + ": " + reason;
    }
}
