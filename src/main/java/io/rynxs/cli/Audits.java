package io.rynxs.cli;

import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.shipping.SegmentLocation;
import io.rynxs.shipping.SinkCommitments;
import io.rynxs.store.AuditReport;
import io.rynxs.store.EventLog;
import io.rynxs.store.IntegrityException;
import io.rynxs.store.LogAudit;

/** The commands that sign or seal audit the whole log first: nothing signed or shipped may come from a tampered log. */
final class Audits {
    private Audits() {}

    /** Audits every row of {@code log} against every commitment; throws (exit 1) naming the first finding. */
    static AuditReport require(String operation, EventLog log, NoteVerifier key) {
        return require(operation, new LogAudit(log.store(), log.history(), key));
    }

    /**
     * Like {@link #require(String, EventLog, NoteVerifier)}, holding the rows to the sink's newest checkpoints too,
     * and telling {@code progress} how many rows it checked.
     */
    static AuditReport require(String operation, EventLog log, NoteVerifier key, SegmentLocation sink, LogAudit.Progress progress) {
        SinkCommitments shipped = SinkCommitments.read(sink.store(), sink.layout(), key);
        return require(operation, new LogAudit(log.store(), log.history(), key).withCommitments(shipped.commitments()).withShipped(shipped)
                .withProgress(progress));
    }

    private static AuditReport require(String operation, LogAudit audit) {
        AuditReport report = audit.gate();
        if (!report.ok()) {
            throw new IntegrityException(operation + ": refused, the log does not verify: " + report.finding().describe() + " ("
                    + IntegrityException.RECOVERY + ")", report.finding());
        }
        return report;
    }
}
