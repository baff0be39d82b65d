package io.rynxs.store;

import io.rynxs.checkpoint.VerificationResult;

/**
 * A checkpoint checked against the rows it covers: the verdict in checkpoint terms ({@code ROOT_MISMATCH}, …)
 * and, when the rows are at fault, the audit's finding naming the first bad seq.
 */
public record CheckpointAudit(VerificationResult result, AuditFinding finding) {
    public boolean ok() {
        return result.ok();
    }
}
