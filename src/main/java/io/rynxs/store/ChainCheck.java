package io.rynxs.store;

import io.rynxs.event.ChainBreak;
import io.rynxs.event.ChainVerifier;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Sha256;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Streams a seq range of the table through {@link ChainVerifier}, in constant memory, and stops at the
 * first break. A range that starts after 1 trusts the stored hash of the event before it as its anchor.
 */
final class ChainCheck {
    private ChainCheck() {}

    static VerifyResult run(Handle h, long fromSeq, long toSeq) {
        Head head = EventQueries.head(h);
        long from = Math.max(1, fromSeq);
        long to = toSeq <= 0 ? head.seq() : Math.min(toSeq, head.seq());
        String anchor = from == 1 ? Sha256.ZERO_HEX : EventQueries.hashAt(h, from - 1).orElse(null);
        if (anchor == null) {
            return VerifyResult.failed(0, from - 1, Sha256.ZERO_HEX, from - 1, "event " + (from - 1) + " is missing");
        }
        ChainVerifier verifier = new ChainVerifier(from, anchor);
        if (from > to) {
            return VerifyResult.passed(0, verifier.headSeq(), verifier.head());
        }
        Optional<ChainBreak>[] broken = new Optional[] {Optional.empty()};
        h.createQuery("SELECT " + StoredRow.COLUMNS + " FROM events WHERE seq >= :from AND seq <= :to ORDER BY seq")
                .bind("from", from)
                .bind("to", to)
                .setFetchSize(1024)
                .scanResultSet((rsSupplier, ctx) -> {
                    var rs = rsSupplier.get();
                    while (rs.next()) {
                        StoredRow row = StoredRow.read(rs);
                        if (row.type() != null && row.aggregate() != null && row.time() != null && row.payload() != null
                                && row.meta() != null && row.prev() != null
                                && verifier.acceptIfIntact(row.seq(), row.v(), row.hash(), Event.hashOf(row.seq(), row.type(),
                                        row.aggregate(), row.time(), row.epoch(), row.payload(), row.meta(), row.prev()), row.prev())) {
                            continue;
                        }
                        Optional<ChainBreak> b;
                        try {
                            b = verifier.accept(row.toEvent());
                        } catch (InvalidEventException e) {
                            b = Optional.of(new ChainBreak(row.seq(), ChainBreak.Code.MALFORMED, "row is malformed: " + e.getMessage()));
                        }
                        if (b.isPresent()) {
                            broken[0] = b;
                            return null;
                        }
                    }
                    return null;
                });
        if (broken[0].isPresent()) {
            ChainBreak b = broken[0].get();
            return VerifyResult.failed(verifier.checked(), verifier.headSeq(), verifier.head(), b.seq(), b.reason());
        }
        if (verifier.headSeq() < to) {
            long missing = verifier.headSeq() + 1;
            return VerifyResult.failed(verifier.checked(), verifier.headSeq(), verifier.head(), missing,
                    "event " + missing + " is missing (the table ends at " + verifier.headSeq() + ")");
        }
        return VerifyResult.passed(verifier.checked(), verifier.headSeq(), verifier.head());
    }
}
