package io.rynxs.store;

import java.util.Objects;

/**
 * Whether the rows of this store may be written on, and signed and sealed from.
 *
 * <ul>
 *   <li>{@code UNVERIFIED}: opened, and the cheap open check passed (the head extends the newest checkpoint and
 *       the newest sealed segment: appending cannot fork what was signed); the rows were not re-hashed.
 *       Appends are taken.</li>
 *   <li>{@code VERIFYING}: a full audit that gates the store is running; appends wait outside (refused with a
 *       retryable error).</li>
 *   <li>{@code VERIFIED}: a full audit of every row against every commitment passed in this process.</li>
 *   <li>{@code REFUSED}: an audit (or the open check) found the rows contradicting something the log signed or
 *       shipped, or contradicting themselves. Nothing is appended, signed or sealed until the database is
 *       recovered and reopened; reads stay available to investigate.</li>
 * </ul>
 */
public record Integrity(State state, String detail, AuditFinding finding) {
    public enum State { UNVERIFIED, VERIFYING, VERIFIED, REFUSED }

    public Integrity {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        if ((state == State.REFUSED) != (finding != null)) {
            throw new IllegalArgumentException("integrity " + state + ": a finding goes with REFUSED and only with it");
        }
    }

    static Integrity unverified(String detail) {
        return new Integrity(State.UNVERIFIED, detail, null);
    }

    static Integrity refused(AuditFinding finding) {
        return new Integrity(State.REFUSED, finding.describe(), finding);
    }

    /** Appends may be taken: the head extends every commitment the open check looked at, or a full audit passed. */
    public boolean writable() {
        return state == State.UNVERIFIED || state == State.VERIFIED;
    }

    public boolean refused() {
        return state == State.REFUSED;
    }
}
