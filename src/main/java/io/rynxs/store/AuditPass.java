package io.rynxs.store;

import io.rynxs.event.CanonicalText;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.LineFormat;
import io.rynxs.event.Sha256;
import io.rynxs.merkle.CompactRange;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.merkle.Node;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * One pass over rows {@code 1..to} in seq order, on one read snapshot: every field is checked, every hash
 * recomputed from the stored bytes and linked to the one before, and every leaf appended to a Merkle tree
 * built from the rows alone. At the size of each commitment the recomputed root and chain hash are compared
 * with it; every stored Merkle node is compared with the recomputed one, a chunk of rows at a time. Memory
 * is constant in the length of the log. Stops at the first finding.
 */
final class AuditPass {
    /** Rows between two looks at the stored nodes and checkpoints of the range just read. */
    static final int CHUNK = 1 << 16;
    /** Rows between two progress reports: a chunk takes a second or two on a slow disk, too coarse to watch. */
    private static final int PROGRESS_ROWS = 1 << 13;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Where the pass got to; {@code lastAgreed} is the largest commitment size the rows agreed with (0 if none),
     * {@code contradicted} the commitment behind the finding when there is one.
     */
    record Outcome(long checked, long headSeq, String head, int commitments, long lastAgreed, AuditFinding finding,
                   Commitment contradicted) {}

    private final Handle h;
    private final long from;
    private final long to;
    private final List<Commitment> fixed;
    private final LogAudit.Progress progress;
    private Commitment contradicted;
    private final LineFormat.Writer line = new LineFormat.Writer(4096);
    private final CompactRange tree;
    private final List<Node> nodes = new ArrayList<>();
    /** Leaves below this count have every complete node of 16 leaves and up stored (the table may lag on a read-only open). */
    private final long nodesStoredBelow;
    private int nextFixed;
    private List<Commitment> tableCheckpoints = List.of();
    private int nextTable;
    private long expectedSeq;
    private String expectedPrev;
    private long previousEpoch;
    private int commitments;
    private long lastAgreed;
    private AuditFinding finding;

    private AuditPass(Handle h, Start start, long to, List<Commitment> fixed, LogAudit.Progress progress) {
        this.h = h;
        this.from = start.tree().size() + 1;
        this.to = to;
        this.tree = start.tree().copy();
        this.expectedSeq = from;
        this.expectedPrev = start.prev();
        this.previousEpoch = start.epoch();
        this.lastAgreed = start.tree().size();
        this.fixed = fixed.stream().filter(c -> c.size() >= from && c.size() <= to).sorted((a, b) -> Long.compare(a.size(), b.size())).toList();
        this.progress = progress;
        this.nodesStoredBelow = h.createQuery("SELECT COALESCE(MAX(idx) + 1, 0) FROM merkle_nodes WHERE level = :level")
                .bind("level", SqliteNodeReader.STORED_FROM_LEVEL).mapTo(Long.class).one() << SqliteNodeReader.STORED_FROM_LEVEL;
    }

    /**
     * Where a pass starts: the tree of the rows before it (trusted: empty at genesis, or the frontier a signed
     * root vouches for), the hash of its last event and that event's epoch.
     */
    record Start(CompactRange tree, String prev, long epoch) {
        static final Start GENESIS = new Start(CompactRange.empty(), Sha256.ZERO_HEX, 0);
    }

    /** Runs the pass over rows 1..to with the commitments in {@code fixed} and every stored checkpoint up to {@code to}. */
    static Outcome run(Handle h, long to, List<Commitment> fixed, LogAudit.Progress progress) {
        return run(h, Start.GENESIS, to, fixed, progress).outcome();
    }

    /** The pass from {@code start} (rows after its tree's size) to {@code to}; also returns the tree it built. */
    static Extended run(Handle h, Start start, long to, List<Commitment> fixed, LogAudit.Progress progress) {
        AuditPass pass = new AuditPass(h, start, to, fixed, progress);
        pass.rows();
        long done = pass.expectedSeq - 1;
        return new Extended(new Outcome(done - start.tree().size(), done, pass.expectedPrev, pass.commitments, pass.lastAgreed,
                pass.finding, pass.contradicted), pass.tree);
    }

    /** An outcome with the tree the rows built (for signing: its root is what gets signed). */
    record Extended(Outcome outcome, CompactRange tree) {}

    private void rows() {
        loadCheckpoints(from);
        h.createQuery("SELECT " + EventRow.COLUMNS + " FROM events WHERE seq >= :from AND seq <= :to ORDER BY seq")
                .bind("from", from)
                .bind("to", to)
                .setFetchSize(1024)
                .scanResultSet((rows, ctx) -> {
                    ResultSet rs = rows.get();
                    while (finding == null && rs.next()) {
                        row(rs);
                        long done = expectedSeq - 1;
                        if (finding == null && (done - from + 1) % CHUNK == 0) {
                            checkNodes();
                            progress.rows(done, to);
                            loadCheckpoints(done + 1);
                        } else if (finding == null && (done - from + 1) % PROGRESS_ROWS == 0) {
                            progress.rows(done, to);
                        }
                    }
                    return null;
                });
        if (finding == null) {
            checkNodes();
        }
        if (finding == null && expectedSeq <= to) {
            fail(AuditCode.SEQ_GAP, expectedSeq, null, "event " + expectedSeq + " is missing (the table ends at " + (expectedSeq - 1) + ")");
        }
        if (finding == null) {
            progress.rows(to, to);
        }
    }

    private void row(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        if (seq != expectedSeq) {
            fail(AuditCode.SEQ_GAP, expectedSeq, null, seq > expectedSeq
                    ? "event " + expectedSeq + " is missing (the next stored event is " + seq + ")"
                    : "event " + seq + " appears again after " + (expectedSeq - 1));
            return;
        }
        EventRow row;
        try {
            row = EventRow.read(rs);
            CanonicalText.requireObject(seq, "payload", row.payload());
            CanonicalText.requireObject(seq, "meta", row.meta());
        } catch (InvalidEventException e) {
            fail(AuditCode.MALFORMED, seq, null, "row is malformed: " + e.getMessage());
            return;
        }
        line.clear();
        line.append(seq, row.type(), row.aggregate(), row.time(), row.epoch(), row.payload(), row.meta(), row.prev(), null);
        byte[] hash = line.hashOfLast();
        String recomputed = HEX.formatHex(hash);
        if (!recomputed.equals(row.hash())) {
            fail(AuditCode.HASH_MISMATCH, seq, null, "hash mismatch: stored " + row.hash() + ", recomputed " + recomputed
                    + " (the event was modified after it was written)");
            return;
        }
        if (!row.prev().equals(expectedPrev)) {
            fail(AuditCode.LINK_BROKEN, seq, null, "prev " + row.prev() + " does not link to the hash of event " + (seq - 1) + ", "
                    + expectedPrev + " (an event was replaced, inserted or reordered, or the one before re-hashed)");
            return;
        }
        if (row.epoch() < previousEpoch) {
            fail(AuditCode.EPOCH_DECREASED, seq, null, "epoch " + row.epoch() + " is below the previous event's " + previousEpoch
                    + " (epochs never go down)");
            return;
        }
        for (Node n : tree.append(MerkleHasher.leafHash(hash))) {
            if (n.level() >= SqliteNodeReader.STORED_FROM_LEVEL) {
                nodes.add(n);
            }
        }
        expectedSeq = seq + 1;
        expectedPrev = recomputed;
        previousEpoch = row.epoch();
        commitmentsAt(seq);
    }

    /** Compares every commitment of size {@code seq} with the tree and chain the rows built. */
    private void commitmentsAt(long seq) {
        while (nextFixed < fixed.size() && fixed.get(nextFixed).size() == seq && finding == null) {
            compare(fixed.get(nextFixed++));
        }
        while (nextTable < tableCheckpoints.size() && tableCheckpoints.get(nextTable).size() == seq && finding == null) {
            compare(tableCheckpoints.get(nextTable++));
        }
    }

    private void compare(Commitment c) {
        commitments++;
        String root = tree.root().hex();
        long from = lastAgreed + 1;
        if (!root.equals(c.root()) || !expectedPrev.equals(c.chainHash())) {
            contradicted = c;
        }
        if (!root.equals(c.root())) {
            fail(AuditCode.ROOT_MISMATCH, from, c.source(), "the Merkle root of rows 1.." + c.size() + " recomputed from their contents is "
                    + root + ", not the committed " + c.root() + ": a row in " + from + ".." + c.size()
                    + " was rewritten and its hash recomputed (the rows after it agree with each other but not with what was signed)");
        } else if (!expectedPrev.equals(c.chainHash())) {
            fail(AuditCode.CHAIN_MISMATCH, c.size(), c.source(), "event " + c.size() + " has hash " + expectedPrev + ", not the committed "
                    + c.chainHash());
        } else {
            lastAgreed = c.size();
        }
    }

    /** The stored checkpoints of the chunk starting at {@code from}, as commitments (their signatures are checked by the caller). */
    private void loadCheckpoints(long from) {
        tableCheckpoints = h.createQuery("SELECT tree_size, root, chain_hash, state_hash FROM checkpoints"
                        + " WHERE tree_size >= :from AND tree_size < :end AND tree_size <= :to ORDER BY tree_size")
                .bind("from", from).bind("end", from + CHUNK).bind("to", to)
                .map((rs, ctx) -> checkpointRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        nextTable = 0;
    }

    private Commitment checkpointRow(long size, String root, String chain, String state) {
        try {
            return new Commitment(Checkpoints.sourceOf(size), size, root, chain, state, false);
        } catch (IllegalArgumentException e) {
            // A row whose columns are not even hashes: compared as a root that cannot match, so it is reported.
            return new Commitment(Checkpoints.sourceOf(size), size, Sha256.ZERO_HEX, Sha256.ZERO_HEX, null, false);
        }
    }

    /** Compares the nodes of 16 leaves and up that the rows completed since the last look with the stored ones, one query per level. */
    private void checkNodes() {
        if (nodes.isEmpty()) {
            return;
        }
        // Appending interleaves the levels (a leaf completes a node at each level it closes); the table is keyed by level.
        nodes.sort((a, b) -> a.level() != b.level() ? Integer.compare(a.level(), b.level()) : Long.compare(a.index(), b.index()));
        int i = 0;
        while (i < nodes.size() && finding == null) {
            int j = i;
            while (j < nodes.size() && nodes.get(j).level() == nodes.get(i).level()) {
                j++;
            }
            checkLevel(nodes.subList(i, j));
            i = j;
        }
        nodes.clear();
    }

    /** Compares a run of one level's recomputed nodes, ascending by index, with the stored ones. */
    private void checkLevel(List<Node> run) {
        int level = run.get(0).level();
        long lo = run.get(0).index();
        long hi = run.get(run.size() - 1).index();
        List<Object[]> stored = h.createQuery("SELECT idx, hash FROM merkle_nodes WHERE level = :level AND idx >= :lo AND idx <= :hi ORDER BY idx")
                .bind("level", level).bind("lo", lo).bind("hi", hi)
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getBytes(2)})
                .list();
        int k = 0;
        for (Node n : run) {
            while (k < stored.size() && (Long) stored.get(k)[0] < n.index()) {
                k++;
            }
            long firstLeaf = n.index() << level;
            long endLeaf = (n.index() + 1) << level;
            boolean present = k < stored.size() && (Long) stored.get(k)[0] == n.index();
            if (!present) {
                if (endLeaf <= nodesStoredBelow) {
                    fail(AuditCode.NODE_MISMATCH, firstLeaf + 1, null, "the stored Merkle node (" + level + ", " + n.index() + ") over events "
                            + (firstLeaf + 1) + ".." + endLeaf + " is missing (the Merkle table was altered)");
                    return;
                }
                continue;
            }
            if (!Arrays.equals((byte[]) stored.get(k)[1], n.hash())) {
                fail(AuditCode.NODE_MISMATCH, firstLeaf + 1, null, "the stored Merkle node (" + level + ", " + n.index() + ") over events "
                        + (firstLeaf + 1) + ".." + endLeaf + " is not the hash of those rows (the Merkle table was altered; proofs and roots"
                        + " served from it would be wrong)");
                return;
            }
        }
    }

    private void fail(AuditCode code, long seq, String commitment, String reason) {
        if (finding == null) {
            finding = new AuditFinding(code, seq, commitment, reason);
        }
    }
}
