package io.rynxs.migration;

import io.rynxs.event.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a whole rynxs-python log before anything is imported: every record parses, seqs start at 0 and
 * are contiguous, each {@code prev_hash} is the previous {@code event_hash} (64 zeros first), and each
 * {@code event_hash} recomputes under the record's own hash version. The first failure is thrown.
 */
public final class LegacyChain {
    private LegacyChain() {}

    /** The verified log, or a {@link LegacyRecordException} naming the first bad record. */
    public static VerifiedLegacyLog verify(List<LegacyLine> lines) {
        List<LegacyRecord> records = new ArrayList<>(lines.size());
        String prev = Sha256.ZERO_HEX;
        for (LegacyLine line : lines) {
            long expected = records.size();
            LegacyRecord r;
            try {
                r = LegacyRecord.parse(line.text());
            } catch (IllegalArgumentException e) {
                throw LegacyRecordException.at(line, null, e.getMessage());
            }
            if (r.seq() != expected) {
                throw LegacyRecordException.at(line, r.seq(), "seq " + r.seq() + " where " + expected
                        + " was expected (a record is missing, repeated or out of order)");
            }
            if (line.keySeq() != null && line.keySeq() != r.seq()) {
                throw LegacyRecordException.at(line, r.seq(), "the object key names seq " + line.keySeq()
                        + " but the record holds seq " + r.seq());
            }
            if (!r.prevHash().equals(prev)) {
                throw LegacyRecordException.at(line, r.seq(), expected == 0
                        ? "prev_hash of the first record is not 64 zeros (is this the start of the log?)"
                        : "prev_hash does not match the event_hash of seq " + (expected - 1) + " (the chain is broken here)");
            }
            String computed = r.computeHash();
            if (!computed.equals(r.eventHash())) {
                throw LegacyRecordException.at(line, r.seq(), "event_hash does not match the " + r.hashVersion().tag()
                        + " hash of the event, " + computed + " (the record was modified after it was written)");
            }
            records.add(r);
            prev = r.eventHash();
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the legacy log holds no records (is it the right file?)");
        }
        return new VerifiedLegacyLog(records, lines);
    }
}
