package io.rynxs.store;

import io.rynxs.merkle.MerkleTree;
import io.rynxs.segment.Manifest;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The check a writable open makes before it takes appends, in O(log n) reads: the head extends the newest
 * stored checkpoint and the newest sealed segment. A log shorter than something it signed or sealed, or
 * whose event at that size has another hash, would fork under its own signature with the next append
 * (the seq reused, the next checkpoint inconsistent with the last). It does not re-hash the rows: that is the
 * full audit ({@link LogAudit}), which {@code rynxs serve} runs before it is ready.
 */
final class OpenCheck {
    private OpenCheck() {}

    /** Before the Merkle table is caught up: nothing stored may reach past the head. */
    static Optional<AuditFinding> lengths(Handle h, Head head) {
        long seq = head.seq();
        long signed = h.createQuery("SELECT COALESCE(MAX(tree_size), 0) FROM checkpoints").mapTo(Long.class).one();
        if (signed > seq) {
            return Optional.of(truncated(seq, Checkpoints.sourceOf(signed), signed, "a checkpoint was signed"));
        }
        long sealed = h.createQuery("SELECT COALESCE(MAX(last), 0) FROM segments").mapTo(Long.class).one();
        if (sealed > seq) {
            return Optional.of(truncated(seq, SegmentLedger.sourceOf(sealed), sealed, "a segment was sealed"));
        }
        long covered = h.createQuery("SELECT COALESCE(MAX((idx + 1) << level), 0) FROM merkle_nodes").mapTo(Long.class).one();
        if (covered > seq) {
            return Optional.of(truncated(seq, "the Merkle table", covered, "Merkle nodes were written"));
        }
        return Optional.empty();
    }

    /**
     * After the Merkle table is caught up: the newest checkpoint's and segment's chain hash, and with {@code tree}
     * their root too, are the log's ({@code tree} false: the table is not kept, e.g. the Merkle-cost benchmark).
     */
    static Optional<AuditFinding> heads(Handle h, boolean tree) {
        Optional<Object[]> checkpoint = h.createQuery("SELECT tree_size, root, chain_hash FROM checkpoints ORDER BY tree_size DESC LIMIT 1")
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)}).findOne();
        if (checkpoint.isPresent()) {
            long size = (Long) checkpoint.get()[0];
            Optional<AuditFinding> f = agrees(h, Checkpoints.sourceOf(size), size, (String) checkpoint.get()[1], (String) checkpoint.get()[2], tree);
            if (f.isPresent()) {
                return f;
            }
        }
        Optional<byte[]> manifest = h.createQuery("SELECT manifest FROM segments ORDER BY first DESC LIMIT 1").mapTo(byte[].class).findOne();
        if (manifest.isPresent()) {
            Manifest m;
            try {
                m = Manifest.parse(manifest.get());
            } catch (RuntimeException e) {
                return Optional.of(new AuditFinding(AuditCode.COMMITMENT_INVALID, 0, "the segment ledger", "its newest row holds a manifest"
                        + " that does not parse (" + e.getMessage() + "): the segments table was altered"));
            }
            return agrees(h, SegmentLedger.sourceOf(m.first(), m.last()), m.last(), m.root(), m.head(), tree);
        }
        return Optional.empty();
    }

    private static Optional<AuditFinding> agrees(Handle h, String source, long size, String root, String chain, boolean tree) {
        String stored = EventQueries.hashAt(h, size).orElse(null);
        if (!chain.equals(stored)) {
            return Optional.of(new AuditFinding(AuditCode.CHAIN_MISMATCH, size, source, "event " + size + " has hash " + stored
                    + ", not the committed " + chain + ": rows up to " + size + " were replaced or re-hashed after they were committed"));
        }
        if (!tree) {
            return Optional.empty();
        }
        String recomputed = new MerkleTree(new SqliteNodeReader(h)).root(size).hex();
        if (!recomputed.equals(root)) {
            return Optional.of(new AuditFinding(AuditCode.ROOT_MISMATCH, size, source, "the stored Merkle tree of the first " + size
                    + " events has root " + recomputed + ", not the committed " + root + ": the event hashes or the Merkle table were rewritten"));
        }
        return Optional.empty();
    }

    private static AuditFinding truncated(long head, String source, long size, String what) {
        return new AuditFinding(AuditCode.TRUNCATED, head + 1, source, "the log ends at seq " + head + " but " + what + " over "
                + size + " events: events " + (head + 1) + ".." + size + " were removed, or the database was rolled back to an older copy");
    }
}
