package io.rynxs.store;

/** Refused because the log contradicts what it signed or shipped, or itself ({@link Integrity.State#REFUSED}); not retryable. */
public final class IntegrityException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** What the operator does about it, in every message that refuses a write. */
    public static final String RECOVERY = "the database was altered outside Rynxs; stop, keep a copy for investigation, and restore"
            + " from the sink or a verified backup: docs/operations.md, \"A log refused for writing\"";

    private final transient AuditFinding finding;

    public IntegrityException(String message, AuditFinding finding) {
        super(message);
        this.finding = finding;
    }

    /** What the audit found. */
    public AuditFinding finding() {
        return finding;
    }
}
