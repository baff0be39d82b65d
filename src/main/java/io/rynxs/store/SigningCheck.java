package io.rynxs.store;

import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.event.Sha256;
import io.rynxs.merkle.CompactRange;
import io.rynxs.merkle.ConsistencyProof;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.merkle.MerkleTree;
import io.rynxs.merkle.ProofException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What a new checkpoint may sign, proven before it is signed: the root is rebuilt from what a signature
 * already vouches for (the frontier of the newest checkpoint below, whose root it must reproduce) extended
 * by the hashes of the rows after it, each recomputed from the row's contents (or handed over by a caller
 * that recomputed them, sealing). The stored Merkle tree must give the same root and an RFC 6962
 * consistency proof from the checkpoint below, and to the one above if a larger size was signed first; the
 * writer's own in-memory tree must agree when it is at that size. A log that forked, was re-hashed or had
 * its tree rewritten is refused (and the store with it) instead of signed.
 */
final class SigningCheck {
    /** The root and chain hash to sign at a size. */
    record Signable(Hash32 root, String chainHash) {}

    /** Hashes of events {@code first..first+hashes.size()-1}, each already recomputed from its row by the caller. */
    record VerifiedRows(long first, List<String> hashes) {
        long last() {
            return first + hashes.size() - 1;
        }
    }

    private SigningCheck() {}

    static Signable prove(EventStore store, long size, NoteVerifier key, VerifiedRows given) {
        Proof p = store.read(h -> h.inTransaction(t -> run(t, store, size, key, given)));
        if (p.finding != null) {
            store.refuse(p.finding);
            throw new IntegrityException("create checkpoint at size " + size + ": refused, " + p.finding.describe() + " ("
                    + IntegrityException.RECOVERY + ")", p.finding);
        }
        return p.signable;
    }

    private record Proof(Signable signable, AuditFinding finding) {
        static Proof refused(AuditCode code, long seq, String source, String reason) {
            return new Proof(null, new AuditFinding(code, seq, source, reason));
        }
    }

    private static Proof run(Handle h, EventStore store, long size, NoteVerifier key, VerifiedRows given) {
        Optional<StoredCheckpoint> below = Checkpoints.first(h, "tree_size < :n ORDER BY tree_size DESC", size);
        Optional<StoredCheckpoint> above = Checkpoints.first(h, "tree_size > :n ORDER BY tree_size", size);
        AuditPass.Start start = AuditPass.Start.GENESIS;
        if (below.isPresent()) {
            StoredCheckpoint b = below.get();
            Proof bad = signed(b, key);
            if (bad != null) {
                return bad;
            }
            CompactRange frontier = CompactRange.load(b.treeSize(), new SqliteNodeReader(h));
            if (!frontier.root().hex().equals(b.root())) {
                return Proof.refused(AuditCode.ROOT_MISMATCH, b.treeSize(), Checkpoints.sourceOf(b.treeSize()), "the stored Merkle tree of the"
                        + " first " + b.treeSize() + " events no longer has the root that checkpoint signed: the event hashes or the Merkle"
                        + " table were rewritten, and a new checkpoint would fork from it");
            }
            Optional<Object[]> at = h.createQuery("SELECT hash, epoch FROM events WHERE seq = :s").bind("s", b.treeSize())
                    .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getLong(2)}).findOne();
            if (at.isEmpty() || !b.chainHash().equals(at.get()[0])) {
                return Proof.refused(AuditCode.CHAIN_MISMATCH, b.treeSize(), Checkpoints.sourceOf(b.treeSize()), "event " + b.treeSize()
                        + (at.isEmpty() ? " is missing" : " has hash " + at.get()[0]) + ", not the signed " + b.chainHash());
            }
            start = new AuditPass.Start(frontier, b.chainHash(), (Long) at.get()[1]);
        }
        CompactRange tree;
        String chain;
        long from = start.tree().size() + 1;
        if (given != null && given.first() <= from && given.last() == size
                && (from == given.first() || given.hashes().get((int) (from - 1 - given.first())).equals(start.prev()))) {
            tree = start.tree().copy();
            for (long seq = from; seq <= size; seq++) {
                tree.append(MerkleHasher.leafHash(Sha256.fromHex(given.hashes().get((int) (seq - given.first())))));
            }
            chain = given.hashes().get(given.hashes().size() - 1);
        } else {
            AuditPass.Extended rows = AuditPass.run(h, start, size, List.of(), LogAudit.Progress.NONE);
            if (rows.outcome().finding() != null) {
                return new Proof(null, rows.outcome().finding());
            }
            tree = rows.tree();
            chain = rows.outcome().head();
        }
        Hash32 root = tree.root();
        MerkleTree stored = new MerkleTree(new SqliteNodeReader(h));
        if (!stored.root(size).equals(root)) {
            return Proof.refused(AuditCode.NODE_MISMATCH, from, null, "the stored Merkle tree of the first " + size + " events has root "
                    + stored.root(size).hex() + ", the rows give " + root.hex() + ": the Merkle table was rewritten");
        }
        Optional<CompactRange> writer = store.writerTree();
        if (writer.isPresent() && writer.get().size() == size && !writer.get().root().equals(root)) {
            return Proof.refused(AuditCode.ROOT_MISMATCH, from, "this writer's own tree", "the rows of the first " + size + " events give root "
                    + root.hex() + ", but this process appended them with root " + writer.get().root().hex()
                    + ": rows were rewritten while it ran");
        }
        try {
            if (below.isPresent() && below.get().treeSize() > 0) {
                ConsistencyProof proof = stored.consistencyProof(below.get().treeSize(), size);
                proof.verify(Hash32.fromHex(below.get().root()), root);
            }
            if (above.isPresent()) {
                Proof bad = signed(above.get(), key);
                if (bad != null) {
                    return bad;
                }
                stored.consistencyProof(size, above.get().treeSize()).verify(root, Hash32.fromHex(above.get().root()));
            }
        } catch (ProofException e) {
            return Proof.refused(AuditCode.ROOT_MISMATCH, from, "the neighbouring checkpoints", "the tree at " + size
                    + " is not consistent with the signed checkpoints next to it (" + e.getMessage() + ")");
        }
        return new Proof(new Signable(root, chain), null);
    }

    /** Null when the stored checkpoint's note verifies with {@code key} and says what its columns say. */
    private static Proof signed(StoredCheckpoint s, NoteVerifier key) {
        return Checkpoints.whyNotSigned(s, key).map(why -> new Proof(null, Checkpoints.forged(s.treeSize(), why))).orElse(null);
    }
}
