package io.rynxs.store;

import java.util.List;

/**
 * The outcome of an audit: how many rows were checked, the head they reach, how many commitments they were
 * held to and the largest size among them, and the first finding if any ({@link #ok()} when none).
 *
 * @param notes what the audit could not check and why (no verifier key, sink unreachable), never a failure
 */
public record AuditReport(long checked, long headSeq, String head, int commitments, long committedThrough, AuditFinding finding,
                          List<String> notes) {
    public AuditReport {
        notes = List.copyOf(notes);
    }

    public boolean ok() {
        return finding == null;
    }
}
