package io.rynxs.migration;

import java.util.List;

/**
 * A rynxs-python log whose whole chain {@link LegacyChain} has checked: records in seq order, at least
 * one, each beside the line it was read from.
 */
public record VerifiedLegacyLog(List<LegacyRecord> records, List<LegacyLine> lines) {
    public VerifiedLegacyLog {
        records = List.copyOf(records);
        lines = List.copyOf(lines);
        if (records.isEmpty() || records.size() != lines.size()) {
            throw new IllegalArgumentException("a verified legacy log has at least one record, each with its line");
        }
    }

    /** The {@code event_hash} of the last record: what the whole log is pinned to. */
    public String headHash() {
        return records.get(records.size() - 1).eventHash();
    }

    public long lastSeq() {
        return records.get(records.size() - 1).seq();
    }

    public long count(HashVersion version) {
        return records.stream().filter(r -> r.hashVersion() == version).count();
    }
}
