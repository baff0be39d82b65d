package io.rynxs.store;

import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.event.Sha256;
import io.rynxs.segment.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds the rows to everything the log committed to outside them (docs/design/integrity.md): every stored
 * checkpoint, every sealed segment's manifest, and whatever the caller brings (the sink's newest manifest and
 * checkpoint, an auditor's own copy of a checkpoint). One pass re-hashes every row from its contents, links
 * it, rebuilds the Merkle tree from those hashes alone and compares root and chain hash at each commitment's
 * size, and the stored Merkle nodes on the way; then the newest checkpoint's signature and state line. A
 * log shorter than a commitment is reported too. Nothing on the data volume is trusted but a signature.
 *
 * <p>A finding refuses the store for writing ({@link Integrity.State#REFUSED}). With a {@link ShippedLog} the
 * first row that differs from what was shipped is named exactly, where the commitments alone bound it to a range.
 */
public final class LogAudit {
    /** Reports progress as rows are checked. */
    public interface Progress {
        Progress NONE = (done, total) -> {};

        void rows(long done, long total);
    }

    /** How many hashes are compared with the sink per request while naming the first differing row. */
    private static final int LOCATE_STEP = 10_000;

    private final EventStore store;
    private final StateHistory history;
    private final NoteVerifier key;
    private final List<Commitment> external;
    private final ShippedLog shipped;
    private final Progress progress;

    /** An audit of {@code store}; {@code key} (may be null) checks the signatures of the stored checkpoints. */
    public LogAudit(EventStore store, StateHistory history, NoteVerifier key) {
        this(store, history, key, List.of(), null, Progress.NONE);
    }

    private LogAudit(EventStore store, StateHistory history, NoteVerifier key, List<Commitment> external, ShippedLog shipped,
                     Progress progress) {
        this.store = Objects.requireNonNull(store, "store");
        this.history = Objects.requireNonNull(history, "history");
        this.key = key;
        this.external = List.copyOf(external);
        this.shipped = shipped;
        this.progress = progress;
    }

    /** The same audit, also holding the rows to {@code commitments} (verified by the caller: the sink's, an auditor's). */
    public LogAudit withCommitments(List<Commitment> commitments) {
        List<Commitment> all = new ArrayList<>(external);
        all.addAll(commitments);
        return new LogAudit(store, history, key, all, shipped, progress);
    }

    /** The same audit, naming the first row that differs from {@code log} when a commitment is contradicted. */
    public LogAudit withShipped(ShippedLog log) {
        return new LogAudit(store, history, key, external, log, progress);
    }

    public LogAudit withProgress(Progress p) {
        return new LogAudit(store, history, key, external, shipped, Objects.requireNonNull(p, "progress"));
    }

    /**
     * The full audit that gates the store: while it runs, appends are refused as retryable
     * ({@link Integrity.State#VERIFYING}); afterwards the store is VERIFIED or REFUSED. {@code rynxs serve}
     * runs it before it reports ready, the CLI before it signs or seals.
     */
    public AuditReport gate() {
        store.integrity(Integrity.State.VERIFYING, "checking " + store.head().seq() + " events");
        Progress shown = progress;
        AuditReport report;
        try {
            report = new LogAudit(store, history, key, external, shipped, (done, total) -> {
                store.integrity(Integrity.State.VERIFYING, "checked " + done + " of " + total + " events");
                shown.rows(done, total);
            }).run(0);
        } catch (RuntimeException e) {
            store.integrity(Integrity.State.UNVERIFIED, "the audit did not finish: " + e.getMessage());
            throw e;
        }
        if (report.ok()) {
            store.integrity(Integrity.State.VERIFIED, report.checked() + " events re-hashed and held to " + report.commitments()
                    + " commitments through size " + report.committedThrough());
        }
        return report;
    }

    /** Audits rows {@code 1..upTo} ({@code 0}: the whole log, and nothing committed may reach past its head). */
    public AuditReport run(long upTo) {
        if (upTo < 0) {
            throw new IllegalArgumentException("audit: size " + upTo + " is negative (0 audits the whole log)");
        }
        List<String> notes = new ArrayList<>();
        if (key == null) {
            notes.add("the signatures of the stored checkpoints were not checked (no verifier key given)");
        }
        long head = store.read(EventQueries::head).seq();
        long to = upTo == 0 ? head : Math.min(upTo, head);
        List<Commitment> fixed = new ArrayList<>(external);
        AuditFinding finding = ledger(fixed);
        AuditPass.Outcome pass = finding != null ? null
                : store.read(h -> h.inTransaction(t -> AuditPass.run(t, to, fixed, progress)));
        if (pass != null) {
            finding = pass.finding();
            if (finding != null) {
                finding = explain(finding, pass, notes);
            } else if (upTo > head) {
                finding = new AuditFinding(AuditCode.TRUNCATED, head + 1, "the size asked for", "the log ends at seq " + head
                        + ", before size " + upTo);
            } else if (upTo == 0) {
                finding = beyondHead(head, fixed).orElse(null);
            }
            if (finding == null) {
                finding = state(to, fixed, notes).orElse(null);
            }
        }
        if (finding != null) {
            store.refuse(finding);
        }
        return pass == null ? new AuditReport(0, 0, Sha256.ZERO_HEX, 0, 0, finding, notes)
                : new AuditReport(pass.checked(), pass.headSeq(), pass.head(), pass.commitments(), pass.lastAgreed(), finding, notes);
    }

    /** Adds the manifest of every sealed segment to {@code into}; a finding if a ledger row holds no manifest. */
    private AuditFinding ledger(List<Commitment> into) {
        List<Object[]> rows = store.read(h -> h.createQuery("SELECT first, last, manifest FROM segments ORDER BY first")
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getBytes(3)}).list());
        for (Object[] r : rows) {
            long first = (Long) r[0];
            long last = (Long) r[1];
            String source = SegmentLedger.sourceOf(first, last);
            try {
                Manifest m = Manifest.parse((byte[]) r[2]);
                if (m.first() != first || m.last() != last) {
                    throw new IllegalArgumentException("it covers " + m.first() + ".." + m.last());
                }
                into.add(Commitment.of(m, source));
            } catch (RuntimeException e) {
                return new AuditFinding(AuditCode.COMMITMENT_INVALID, first, source, "the ledger row's manifest is not this segment's ("
                        + e.getMessage() + "): the segments table was altered");
            }
        }
        return null;
    }

    /** A contradicted stored checkpoint that does not verify is the altered part; otherwise name the row with the sink's help. */
    private AuditFinding explain(AuditFinding f, AuditPass.Outcome pass, List<String> notes) {
        Commitment c = pass.contradicted();
        if (c != null && c.source().equals(Checkpoints.sourceOf(c.size()))) {
            Optional<AuditFinding> forged = checkStored(c.size());
            if (forged.isPresent()) {
                return forged.get();
            }
        }
        if (shipped == null) {
            return f;
        }
        long from;
        long to;
        if (f.code() == AuditCode.LINK_BROKEN) {
            from = f.seq() - 1;
            to = f.seq();
        } else if (c != null) {
            from = pass.lastAgreed() + 1;
            to = c.size();
        } else {
            return f;
        }
        try {
            return locate(f, from, to).orElse(f);
        } catch (StoreException e) {
            notes.add("the sink could not be read to name the first row that differs from it: " + e.getMessage());
            return f;
        }
    }

    /** The first seq in {@code from..to} whose stored hash is not the shipped one. */
    private Optional<AuditFinding> locate(AuditFinding f, long from, long to) {
        for (long a = from; a <= to; a += LOCATE_STEP) {
            long b = Math.min(to, a + LOCATE_STEP - 1);
            List<String> theirs = shipped.hashes(a, b);
            if (theirs.isEmpty()) {
                return Optional.empty();
            }
            long start = a;
            List<String> ours = store.read(h -> h.createQuery("SELECT hash FROM events WHERE seq >= :a AND seq <= :b ORDER BY seq")
                    .bind("a", start).bind("b", start + theirs.size() - 1).mapTo(String.class).list());
            for (int i = 0; i < theirs.size(); i++) {
                String mine = i < ours.size() ? ours.get(i) : null;
                if (!theirs.get(i).equals(mine)) {
                    long seq = a + i;
                    return Optional.of(new AuditFinding(f.code(), seq, f.commitment(), f.reason() + "; the first row that differs from the"
                            + " shipped segments is " + seq + " (hash " + mine + " here, " + theirs.get(i) + " shipped)"));
                }
            }
            if (theirs.size() < b - a + 1) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Nothing committed may reach past the head: a stored checkpoint, a sealed segment, a given commitment, the Merkle table. */
    private Optional<AuditFinding> beyondHead(long head, List<Commitment> fixed) {
        Optional<AuditFinding> lengths = store.read(h -> OpenCheck.lengths(h, new Head(head, "", 0)));
        if (lengths.isPresent()) {
            AuditFinding f = lengths.get();
            if (f.commitment() != null && f.commitment().startsWith("checkpoint ")) {
                long size = Long.parseLong(f.commitment().substring("checkpoint ".length()));
                Optional<AuditFinding> forged = checkStored(size);
                if (forged.isPresent()) {
                    return forged;
                }
            }
            return lengths;
        }
        return fixed.stream().filter(c -> c.size() > head).max((a, b) -> Long.compare(a.size(), b.size()))
                .map(c -> new AuditFinding(AuditCode.TRUNCATED, head + 1, c.source(), "the log ends at seq " + head + " but " + c.source()
                        + " covers " + c.size() + " events: events " + (head + 1) + ".." + c.size()
                        + " were removed, or the database was rolled back to an older copy"));
    }

    /** The stored checkpoint of {@code size} against the log's key: a finding if it is not what it claims. Without a key nothing is checked. */
    private Optional<AuditFinding> checkStored(long size) {
        if (key == null) {
            return Optional.empty();
        }
        return store.read(h -> Checkpoints.first(h, "tree_size = :n", size))
                .flatMap(s -> Checkpoints.whyNotSigned(s, key).map(why -> Checkpoints.forged(size, why)));
    }

    /**
     * The state line of the newest stored checkpoint within the audit, and of every given signed commitment
     * that has one, against a replay of the rows (from the newest snapshot; from genesis too when that
     * disagrees, to tell a wrong snapshot from wrong rows).
     */
    private Optional<AuditFinding> state(long to, List<Commitment> fixed, List<String> notes) {
        List<Commitment> lines = new ArrayList<>();
        Optional<StoredCheckpoint> newest = store.read(h -> Checkpoints.first(h, "tree_size <= :n ORDER BY tree_size DESC", to));
        if (newest.isPresent()) {
            Optional<AuditFinding> forged = checkStored(newest.get().treeSize());
            if (forged.isPresent()) {
                return forged;
            }
            StoredCheckpoint n = newest.get();
            lines.add(new Commitment(Checkpoints.sourceOf(n.treeSize()), n.treeSize(), n.root(), n.chainHash(), n.stateHash(), key != null));
        }
        fixed.stream().filter(c -> c.stateHash() != null && c.size() <= to).forEach(lines::add);
        for (Commitment c : lines) {
            Optional<AuditFinding> f = stateAt(c);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    private Optional<AuditFinding> stateAt(Commitment c) {
        String replayed;
        try {
            replayed = history.at(c.size()).hash();
        } catch (RuntimeException e) {
            return Optional.of(new AuditFinding(AuditCode.STATE_MISMATCH, c.size(), c.source(), "the rows up to " + c.size()
                    + " do not replay: " + e.getMessage()));
        }
        if (replayed.equals(c.stateHash())) {
            return Optional.empty();
        }
        long snapshot = history.snapshotSeqAtOrBelow(c.size());
        if (snapshot > 0) {
            String fromGenesis;
            try {
                fromGenesis = history.fromGenesis(c.size()).hash();
            } catch (RuntimeException e) {
                fromGenesis = null;
            }
            if (c.stateHash().equals(fromGenesis)) {
                return Optional.of(new AuditFinding(AuditCode.STATE_MISMATCH, snapshot, c.source(), "the stored snapshot at seq " + snapshot
                        + " does not hold the state the rows fold into: a replay from genesis gives the signed state hash " + c.stateHash()
                        + ", a replay from the snapshot gives " + replayed + " (the snapshots table was altered)"));
            }
        }
        return Optional.of(new AuditFinding(AuditCode.STATE_MISMATCH, c.size(), c.source(), "the state replayed from the rows up to "
                + c.size() + " has hash " + replayed + ", not the signed " + c.stateHash() + " (events the state depends on were changed,"
                + " or this build's reducer folds differently: check the version that signed it)"));
    }
}
