package io.rynxs.store;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointCode;
import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.CheckpointVerification;
import io.rynxs.checkpoint.LogFacts;
import io.rynxs.checkpoint.NoteVerifier;
import io.rynxs.checkpoint.Signer;
import io.rynxs.checkpoint.VerificationResult;
import io.rynxs.event.EventTime;
import io.rynxs.event.Sha256;
import io.rynxs.merkle.Hash32;
import io.rynxs.state.EventRef;
import io.rynxs.state.State;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Signed checkpoints of the log (docs/DESIGN.md, Checkpoints): made at the head on demand or on a schedule, stored once
 * per tree size, and verified against the log's own root, chain and a fresh replay.
 *
 * <p>The log's origin (the key name) is fixed by its first checkpoint; a signer with another name is
 * refused, and so is any second root for a size already signed.
 */
public final class Checkpoints {
    private static final String ORIGIN_KEY = "origin";

    private final EventStore store;
    private final StateHistory history;
    private final Clock clock;

    public Checkpoints(EventStore store, StateHistory history, Clock clock) {
        this.store = store;
        this.history = history;
        this.clock = clock;
    }

    /** Signs the current head; returns the existing checkpoint if that size is signed already. */
    public synchronized StoredCheckpoint create(Signer signer) {
        long size = store.head().seq();
        if (size == 0) {
            throw new StoreException("create checkpoint: the log is empty (append an event first)");
        }
        return createAt(size, signer);
    }

    /** Signs the log at {@code size} (1..head), e.g. a sealed segment's last seq; an existing checkpoint of that size is returned. */
    public synchronized StoredCheckpoint createAt(long size, Signer signer) {
        return createAt(size, signer, (State) null);
    }

    /**
     * Like {@link #createAt(long, Signer)}, with the state at {@code size} already folded by the caller
     * (sealing folds once across the segments of a run instead of replaying for each). The state must
     * have applied exactly the events 1..size of this log: its head must be the event at {@code size}.
     */
    public synchronized StoredCheckpoint createAt(long size, Signer signer, State stateAtSize) {
        return createAt(size, signer, stateAtSize == null ? null : stateAtSize.head(), stateAtSize == null ? null : stateAtSize.hash());
    }

    /**
     * Like {@link #createAt(long, Signer, State)} with only what the note needs of that state (docs/DESIGN.md, Checkpoints: its
     * hash, for the {@code rynxs-state} line), e.g. from a stored snapshot whose bytes were hashed but not
     * parsed. {@code stateHead} is the head of the state that {@code stateHash} hashes; it must be this log's
     * event at {@code size}. Both null: the state is replayed here.
     */
    public synchronized StoredCheckpoint createAt(long size, Signer signer, EventRef stateHead, String stateHash) {
        return createAt(size, signer, stateHead, stateHash, null);
    }

    /**
     * Like {@link #createAt(long, Signer, EventRef, String)}, for a caller that recomputed the hash of every event
     * {@code verifiedFirst..size} from its row already (sealing checks each line it writes): {@code verifiedHashes}
     * are those hashes, used to rebuild the root instead of reading and hashing the rows a second time.
     */
    public synchronized StoredCheckpoint createAt(long size, Signer signer, EventRef stateHead, String stateHash, long verifiedFirst,
                                                  List<String> verifiedHashes) {
        return createAt(size, signer, stateHead, stateHash, new SigningCheck.VerifiedRows(verifiedFirst, verifiedHashes));
    }

    private StoredCheckpoint createAt(long size, Signer signer, EventRef stateHead, String stateHash, SigningCheck.VerifiedRows given) {
        if ((stateHead == null) != (stateHash == null)) {
            throw new IllegalArgumentException("create checkpoint: a state hash needs its state's head, and a head its hash (report a bug)");
        }
        StoreException refused = store.refusal("create checkpoint");
        if (refused != null) {
            throw refused;
        }
        String origin = signer.verifierKey().name();
        long head = store.head().seq();
        if (size < 1 || size > head) {
            throw new BeyondHeadException("create checkpoint: size " + size + " is outside 1.." + head + " (the log's head)");
        }
        Optional<String> logOrigin = origin();
        if (logOrigin.isPresent() && !logOrigin.get().equals(origin)) {
            throw new StoreException("create checkpoint: the signing key is named \"" + origin + "\" but this log's origin is \""
                    + logOrigin.get() + "\" (sign with the log's key; the origin is fixed by the first checkpoint)");
        }
        Optional<StoredCheckpoint> existing = at(size);
        if (existing.isPresent()) {
            Hash32 root = store.root(size);
            if (!existing.get().root().equals(root.hex())) {
                throw new StoreException("create checkpoint: size " + size + " is already signed with root " + existing.get().root()
                        + " but the log's root is now " + root.hex() + " (the log was altered; verify it)");
            }
            return existing.get();
        }
        // The root is rebuilt from what a signature already vouches for plus rows re-hashed from their contents,
        // and must be consistent with the neighbouring checkpoints: a forked or re-hashed log is refused here.
        SigningCheck.Signable proven = SigningCheck.prove(store, size, signer.verifierKey(), given);
        String chain = proven.chainHash();
        if (stateHead != null && (stateHead.seq() != size || !stateHead.hash().equals(chain))) {
            throw new StoreException("create checkpoint: the state given for size " + size + " is at seq " + stateHead.seq()
                    + " with head " + stateHead.hash() + ", not at this log's event " + size + " (" + chain
                    + "); fold the state from this log (report a bug)");
        }
        String state = stateHash != null ? stateHash : history.at(size).hash();
        Checkpoint checkpoint = new Checkpoint(origin, size, proven.root().bytes(), chain, state);
        String note = new String(checkpoint.sign(signer), StandardCharsets.UTF_8);
        StoredCheckpoint stored = new StoredCheckpoint(size, origin, proven.root().hex(), chain, state, note, EventTime.format(clock.instant()));
        insert(stored);
        return stored;
    }

    /**
     * Stores a checkpoint signed elsewhere (a segment's, during restore) after every check of a checkpoint (docs/DESIGN.md, Checkpoints)
     * against this log, including the state hash; an identical stored note is accepted again.
     */
    public synchronized StoredCheckpoint adopt(byte[] note, NoteVerifier key) {
        return adopt(note, key, facts());
    }

    /**
     * Like {@link #adopt(byte[], NoteVerifier)} for a caller that folded the events itself (restore keeps one
     * running state across all segments): the state line is compared with {@code stateHash}, the hash of that
     * caller's state at the note's tree size, instead of a replay; signature, root and chain are checked
     * against this log as always. A note of another size is refused.
     */
    public synchronized StoredCheckpoint adopt(byte[] note, NoteVerifier key, long stateSeq, String stateHash) {
        LogFacts log = facts();
        return adopt(note, key, new LogFacts() {
            @Override
            public long headSize() {
                return log.headSize();
            }

            @Override
            public byte[] rootAt(long size) {
                return log.rootAt(size);
            }

            @Override
            public String chainHashAt(long seq) {
                return log.chainHashAt(seq);
            }

            @Override
            public String stateHashAt(long seq) {
                if (seq != stateSeq) {
                    throw new StoreException("adopt checkpoint: it is at size " + seq + " but the state given is at seq " + stateSeq
                            + " (fold the events up to the checkpoint's size first)");
                }
                return stateHash;
            }
        });
    }

    private StoredCheckpoint adopt(byte[] note, NoteVerifier key, LogFacts log) {
        VerificationResult result = CheckpointVerification.verify(note, key, log);
        if (!result.ok()) {
            throw new StoreException("adopt checkpoint: " + result.code() + ": " + result.message());
        }
        Checkpoint c = Checkpoint.open(note, key);
        Optional<String> logOrigin = origin();
        if (logOrigin.isPresent() && !logOrigin.get().equals(c.origin())) {
            throw new StoreException("adopt checkpoint: its origin is \"" + c.origin() + "\" but this log's origin is \""
                    + logOrigin.get() + "\" (segments of another log?)");
        }
        String text = new String(note, StandardCharsets.UTF_8);
        Optional<StoredCheckpoint> existing = at(c.treeSize());
        if (existing.isPresent()) {
            if (!existing.get().note().equals(text)) {
                throw new StoreException("adopt checkpoint: size " + c.treeSize() + " is already signed with another note"
                        + " (two checkpoints for one size: investigate before trusting either)");
            }
            return existing.get();
        }
        StoredCheckpoint stored = new StoredCheckpoint(c.treeSize(), c.origin(), HexFormat.of().formatHex(c.root()), c.chainHash(),
                c.stateHash(), text, EventTime.format(clock.instant()));
        insert(stored);
        return stored;
    }

    private void insert(StoredCheckpoint stored) {
        String origin = stored.origin();
        store.read(h -> {
            h.useTransaction(t -> {
                t.createUpdate("INSERT OR IGNORE INTO log_info (key, value) VALUES (:k, :v)").bind("k", ORIGIN_KEY).bind("v", origin).execute();
                t.createUpdate("INSERT INTO checkpoints (tree_size, origin, root, chain_hash, state_hash, note, created_at)"
                                + " VALUES (:treeSize, :origin, :root, :chainHash, :stateHash, :note, :createdAt)")
                        .bindMethods(stored).execute();
            });
            return null;
        });
    }

    /** The state after events 1..seq: what the {@code rynxs-state} line of a checkpoint at {@code seq} hashes. */
    public State stateAt(long seq) {
        return history.at(seq);
    }

    /** The origin fixed by this log's first checkpoint, if it has one. */
    public Optional<String> origin() {
        return store.read(h -> h.createQuery("SELECT value FROM log_info WHERE key = :k").bind("k", ORIGIN_KEY)
                .mapTo(String.class).findOne());
    }

    public Optional<StoredCheckpoint> at(long treeSize) {
        return store.read(h -> select(h, "WHERE tree_size = :n", treeSize, 1).stream().findFirst());
    }

    public Optional<StoredCheckpoint> latest() {
        return store.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM checkpoints ORDER BY tree_size DESC LIMIT 1")
                .map(Checkpoints::row).findOne());
    }

    /** Checkpoints with a tree size above {@code afterSize}, ascending. */
    public List<StoredCheckpoint> list(long afterSize, int limit) {
        return store.read(h -> select(h, "WHERE tree_size > :n", afterSize, limit));
    }

    /**
     * Verifies {@code note} against the rows it covers: signature, size, then an audit of rows 1..size that
     * rebuilds the root from their contents (never from the stored hashes alone), the chain hash and the state
     * line. Always a verdict, never an exception for a log that is wrong: a fault in the rows comes back as the
     * checkpoint code it breaks ({@code ROOT_MISMATCH} for any row rewritten) with the finding that names the seq.
     */
    public CheckpointAudit verify(byte[] note, NoteVerifier key) {
        Checkpoint c;
        try {
            c = Checkpoint.open(note, key);
        } catch (CheckpointException e) {
            return new CheckpointAudit(new VerificationResult(false, e.code(), e.getMessage()), null);
        }
        String subject = "verify checkpoint " + c.origin() + "@" + c.treeSize();
        long head = store.head().seq();
        if (c.treeSize() > head) {
            return new CheckpointAudit(new VerificationResult(false, CheckpointCode.BEYOND_HEAD, subject + ": tree size is beyond the log head "
                    + head + " (events were lost or this is another log's database; restore from the sink or a backup)"), null);
        }
        if (c.treeSize() == 0) {
            return new CheckpointAudit(new VerificationResult(true, CheckpointCode.OK, subject + ": the empty tree"), null);
        }
        AuditReport report = new LogAudit(store, history, key).withCommitments(List.of(Commitment.of(c, "the checkpoint given"))).run(c.treeSize());
        if (report.ok()) {
            return new CheckpointAudit(new VerificationResult(true, CheckpointCode.OK, subject + ": signature verified; the root, chain and"
                    + " state hash rebuilt from the " + report.checked() + " rows it covers match"), null);
        }
        AuditFinding f = report.finding();
        CheckpointCode code = switch (f.code()) {
            case TRUNCATED -> CheckpointCode.BEYOND_HEAD;
            case CHAIN_MISMATCH -> CheckpointCode.CHAIN_MISMATCH;
            case STATE_MISMATCH -> CheckpointCode.STATE_MISMATCH;
            default -> CheckpointCode.ROOT_MISMATCH;
        };
        return new CheckpointAudit(new VerificationResult(false, code, subject + ": " + f.describe()), f);
    }

    /** What verification asks of this log, answered from the store. */
    public LogFacts facts() {
        return new LogFacts() {
            @Override
            public long headSize() {
                return store.head().seq();
            }

            @Override
            public byte[] rootAt(long size) {
                return store.root(size).bytes();
            }

            @Override
            public String chainHashAt(long seq) {
                return seq == 0 ? Sha256.ZERO_HEX : store.event(seq).orElseThrow().hash();
            }

            @Override
            public String stateHashAt(long seq) {
                return history.at(seq).hash();
            }
        };
    }

    /** How reports name a stored checkpoint. */
    static String sourceOf(long treeSize) {
        return "checkpoint " + treeSize;
    }

    static final String COLUMNS = "tree_size, origin, root, chain_hash, state_hash, note, created_at";

    /**
     * Why a stored checkpoint is not one the log signed (its note does not verify with {@code key}, or says
     * other than its columns), or empty when it is.
     */
    static Optional<String> whyNotSigned(StoredCheckpoint s, NoteVerifier key) {
        try {
            Checkpoint c = Checkpoint.open(s.note().getBytes(StandardCharsets.UTF_8), key);
            boolean same = c.treeSize() == s.treeSize() && HexFormat.of().formatHex(c.root()).equals(s.root())
                    && c.chainHash().equals(s.chainHash()) && c.stateHash().equals(s.stateHash());
            return same ? Optional.empty() : Optional.of("its columns are not what its signed note says");
        } catch (CheckpointException | IllegalArgumentException e) {
            return Optional.of("its note does not verify with the log's key (" + e.getMessage() + ")");
        }
    }

    /** The finding for a stored checkpoint that {@link #whyNotSigned} rejects. */
    static AuditFinding forged(long size, String why) {
        return new AuditFinding(AuditCode.COMMITMENT_INVALID, size, sourceOf(size), "the stored checkpoint of size " + size
                + " is not one the log signed: " + why + "; the checkpoints table was altered");
    }

    /** The stored checkpoint of the first row {@code where} selects (a clause over {@code :n}, with its ORDER BY). */
    static Optional<StoredCheckpoint> first(Handle h, String where, long n) {
        return h.createQuery("SELECT " + COLUMNS + " FROM checkpoints WHERE " + where + " LIMIT 1").bind("n", n)
                .map(Checkpoints::row).findOne();
    }

    private static List<StoredCheckpoint> select(Handle h, String where, long n, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM checkpoints " + where + " ORDER BY tree_size LIMIT :limit")
                .bind("n", n).bind("limit", limit).map(Checkpoints::row).list();
    }

    static StoredCheckpoint row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredCheckpoint(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7));
    }
}
