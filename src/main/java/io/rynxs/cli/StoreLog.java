package io.rynxs.cli;

import io.rynxs.store.AuditFinding;
import io.rynxs.store.IntegrityException;
import io.rynxs.store.StoreException;
import io.rynxs.store.StoreObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code rynxs serve} logs of the store's own state changes: a write fault and its end, a refusal for writing. */
final class StoreLog implements StoreObserver {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLog.class);

    @Override
    public void writeFailed(StoreException cause) {
        LOG.error("appends are failing and /readyz says not ready: {}", cause.getMessage());
    }

    @Override
    public void writeRecovered() {
        LOG.info("appends commit again; /readyz reports ready once the other checks pass");
    }

    @Override
    public void integrityRefused(AuditFinding finding) {
        LOG.error("the log is refused for writing from now on: {} ({})", finding.describe(), IntegrityException.RECOVERY);
    }
}
