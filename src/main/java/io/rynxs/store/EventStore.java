package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.merkle.CompactRange;
import io.rynxs.merkle.ConsistencyProof;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.merkle.MerkleTree;
import io.rynxs.merkle.ProofException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The log on SQLite: group-committed appends through one writer, reads on their own connections, and
 * streaming verification. Thread-safe.
 */
public final class EventStore implements AutoCloseable {
    private final StoreOptions options;
    private final ConnectionPool pool;
    private final Jdbi jdbi;
    private final Handle writerHandle;
    private final GroupCommitWriter writer;
    private final LineBundles lineBundles;
    private final MerkleMaintainer merkle;
    private volatile Integrity integrity;
    private final StoreObserver observer;
    /** Threads a replay or a state build borrows for a second core; closed with the store. */
    private final ExecutorService helpers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rynxs-store-helper");
        t.setDaemon(true);
        return t;
    });

    private EventStore(StoreOptions options, ConnectionPool pool, Jdbi jdbi, Handle writerHandle, GroupCommitWriter writer,
                       MerkleMaintainer merkle, Integrity integrity, StoreObserver observer) {
        this.options = options;
        this.observer = observer;
        this.merkle = merkle;
        this.integrity = integrity;
        this.pool = pool;
        this.jdbi = jdbi;
        this.writerHandle = writerHandle;
        this.writer = writer;
        this.lineBundles = LineBundles.open(options.path(), options.lineBundleSize(), options.writable() && !options.bulkLoad(),
                pool, seq -> jdbi.withHandle(h -> EventQueries.hashAt(h, seq)));
    }

    /** Opens the store: migrations, head, writer thread. */
    public static EventStore open(StoreOptions options) {
        return open(options, StoreObserver.NONE);
    }

    /** Opens the store and reports every committed batch and refused append to {@code observer}. */
    public static EventStore open(StoreOptions options, StoreObserver observer) {
        return open(options, Clock.systemUTC(), List.of(), observer);
    }

    static EventStore open(StoreOptions options, Clock clock, List<AppendListener> listeners, StoreObserver observer) {
        ConnectionPool pool = Database.open(options);
        Jdbi jdbi = Jdbi.create(pool);
        if (!options.writable()) {
            return new EventStore(options, pool, jdbi, null, null, null, Integrity.unverified("opened for reading only"), observer);
        }
        Handle handle = jdbi.open();
        try {
            Head head = EventQueries.head(handle);
            Optional<AuditFinding> refused = OpenCheck.lengths(handle, head);
            if (refused.isEmpty() && options.maintainMerkle()) {
                handle.useTransaction(h -> MerkleCatchUp.run(h, head.seq()));
            }
            if (refused.isEmpty()) {
                refused = OpenCheck.heads(handle, options.maintainMerkle());
            }
            if (refused.isPresent()) {
                // No writer: nothing may be appended on a log that contradicts what it signed or sealed; reads stay open.
                handle.close();
                observer.integrityRefused(refused.get());
                return new EventStore(options, pool, jdbi, null, null, null, Integrity.refused(refused.get()), observer);
            }
            List<AppendListener> all = new ArrayList<>();
            MerkleMaintainer merkle = null;
            if (options.maintainMerkle()) {
                merkle = MerkleMaintainer.load(handle, head.seq());
                all.add(merkle);
            }
            all.addAll(listeners);
            GroupCommitWriter writer = new GroupCommitWriter(handle, head, clock, options.maxBatch(), all, observer,
                    () -> jdbi.withHandle(EventQueries::head), options.path());
            return new EventStore(options, pool, jdbi, handle, writer, merkle, Integrity.unverified(head.isEmpty() ? "a new, empty log"
                    : "the head extends the newest checkpoint and sealed segment; the rows were not re-hashed since open"), observer);
        } catch (RuntimeException e) {
            handle.close();
            pool.close();
            throw e;
        }
    }

    /** Queues an append; the future completes once the event is durable, or fails with a {@link StoreException}. */
    public CompletableFuture<Event> appendAsync(AppendRequest request) {
        StoreException held = refusal("append");
        if (held != null) {
            return CompletableFuture.failedFuture(held);
        }
        if (writer == null) {
            return CompletableFuture.failedFuture(new StoreException("append: " + options.path()
                    + " was opened for reading only (open it with StoreOptions.of to append)"));
        }
        return writer.submit(request);
    }

    /** {@link #appendAsync(AppendRequest)} of a new event at epoch 0 with no expected head. */
    public CompletableFuture<Event> appendAsync(NewEvent event) {
        return appendAsync(AppendRequest.of(event));
    }

    /** Appends and waits until the event is durable. */
    public Event append(AppendRequest request) {
        StoreException held = refusal("append");
        if (held != null) {
            throw held;
        }
        try {
            return (writer == null ? appendAsync(request) : writer.appendNow(request)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("append: interrupted while waiting for the commit (the event may or may not be written;"
                    + " read the head to find out)", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** Appends several events, in order, each group-committed with whatever else is queued. */
    public List<Event> appendAll(List<AppendRequest> requests) {
        List<CompletableFuture<Event>> futures = new ArrayList<>(requests.size());
        for (AppendRequest r : requests) {
            futures.add(appendAsync(r));
        }
        List<Event> out = new ArrayList<>(futures.size());
        for (CompletableFuture<Event> f : futures) {
            try {
                out.add(f.join());
            } catch (CompletionException e) {
                throw unwrap(e.getCause());
            }
        }
        return out;
    }

    /**
     * Appends events sealed elsewhere with their original time, epoch and hash (restore from segments):
     * written in one transaction, Merkle tree included, only if each continues the head exactly (seq, prev,
     * recomputed hash, no lower epoch); otherwise nothing is written and a {@link HeadMismatchException} says why.
     */
    public Event appendVerified(List<Event> events) {
        StoreException held = refusal("append verified");
        if (held != null) {
            throw held;
        }
        if (writer == null) {
            throw new StoreException("append verified: " + options.path() + " was opened for reading only (open it with StoreOptions.of)");
        }
        try {
            return writer.submitSealed(events).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("append verified: interrupted while waiting for the commit (read the head to find out)", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** Whether the rows may be written on, signed and sealed from ({@link Integrity}). */
    public Integrity integrity() {
        return integrity;
    }

    /**
     * Refuses writes for good (for this process): an audit found {@code finding}. A later finding at an earlier
     * seq replaces the one shown (the open check names the newest commitment contradicted, the full audit the
     * first row at fault); a refusal is never lifted.
     */
    synchronized void refuse(AuditFinding finding) {
        Integrity now = integrity;
        if (!now.refused() || finding.seq() < now.finding().seq()) {
            integrity = Integrity.refused(finding);
            observer.integrityRefused(finding);
        }
    }

    /** Moves between the states an audit that gates the store passes through; a refusal is never undone. */
    void integrity(Integrity.State state, String detail) {
        if (!integrity.refused()) {
            integrity = new Integrity(state, detail, null);
        }
    }

    /** The error for {@code operation} while the store does not take writes ({@link Integrity}), or null when it does. */
    public StoreException refusal(String operation) {
        Integrity now = integrity;
        return switch (now.state()) {
            case REFUSED -> new IntegrityException(operation + ": " + options.path() + " is refused for writing: " + now.detail()
                    + " (" + IntegrityException.RECOVERY + ")", now.finding());
            case VERIFYING -> new LogUnavailableException(operation + ": the log is being verified against its commitments ("
                    + now.detail() + "); writes are taken once it passes (retry shortly)");
            default -> null;
        };
    }

    /** Why the last commit failed, while the writer has not committed since (a full disk, an I/O error); empty when healthy. */
    public Optional<String> fault() {
        return writer == null ? Optional.empty() : writer.fault();
    }

    /** The writer's own Merkle frontier (what it built from the events it committed), if this store appends. */
    Optional<CompactRange> writerTree() {
        return merkle == null ? Optional.empty() : Optional.of(merkle.committed());
    }

    /** Events {@code fromSeq..toSeq} inclusive, in seq order, read in one pass (for sealing segments). */
    public List<Event> range(long fromSeq, long toSeq) {
        if (fromSeq < 1 || toSeq < fromSeq - 1) {
            throw new StoreException("read range " + fromSeq + ".." + toSeq + ": not a range of seqs from 1");
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + StoredRow.COLUMNS + " FROM events WHERE seq >= :from AND seq <= :to ORDER BY seq")
                .bind("from", fromSeq).bind("to", toSeq).setFetchSize(1024)
                .map((rs, ctx) -> StoredRow.read(rs).toEvent()).list());
    }

    /** Like {@link #range}, payload and meta left as their stored bytes (sealing writes them into segment lines as they are). */
    public List<EventRow> rows(long fromSeq, long toSeq) {
        if (fromSeq < 1 || toSeq < fromSeq - 1) {
            throw new StoreException("read rows " + fromSeq + ".." + toSeq + ": not a range of seqs from 1");
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + EventRow.COLUMNS + " FROM events WHERE seq >= :from AND seq <= :to ORDER BY seq")
                .bind("from", fromSeq).bind("to", toSeq).setFetchSize(1024)
                .map((rs, ctx) -> EventRow.read(rs)).list());
    }

    /** The newest durable event. */
    public Head head() {
        return writer != null ? writer.head() : jdbi.withHandle(EventQueries::head);
    }

    public Optional<Event> event(long seq) {
        return jdbi.withHandle(h -> EventQueries.bySeq(h, seq));
    }

    public List<Event> events(EventQuery query) {
        return jdbi.withHandle(h -> EventQueries.page(h, query));
    }

    /** The same page as {@link #events}, as canonical lines joined by commas (cheaper to serve: no per-event objects). */
    public LinePage linePage(EventQuery query) {
        LinePage bundled = lineBundles.page(query, rest -> EventQueries.lines(pool, rest));
        return bundled != null ? bundled : EventQueries.lines(pool, query);
    }

    /** The pre-joined line files pages are served from (docs/design/line-bundles.md). */
    public LineBundles lineBundles() {
        return lineBundles;
    }

    /** Writes the line bundles the log now holds in full; returns how many ({@code rynxs serve} runs it in the background). */
    public int writeLineBundles() {
        return lineBundles.runOnce(head().seq());
    }

    /** {@link #linePage} one line at a time. */
    public List<EventLine> lines(EventQuery query) {
        return linePage(query).lines();
    }

    /** Verifies the chain between two seqs inclusive ({@code toSeq} 0 = the head). */
    public VerifyResult verify(long fromSeq, long toSeq) {
        return jdbi.withHandle(h -> ChainCheck.run(h, fromSeq, toSeq));
    }

    /** The Merkle root of the first {@code size} events (the empty-tree root for 0). */
    public Hash32 root(long size) {
        checkSize("root", size);
        return jdbi.withHandle(h -> new MerkleTree(new SqliteNodeReader(h)).root(size));
    }

    /** Inclusion proof of event {@code seq} (leaf {@code seq - 1}) in the tree of {@code treeSize} events. */
    public InclusionProof inclusionProof(long seq, long treeSize) {
        checkSize("inclusion proof", treeSize);
        if (seq < 1 || seq > treeSize) {
            throw new StoreException("inclusion proof: seq " + seq + " is outside 1.." + treeSize + " (the tree size)");
        }
        return jdbi.withHandle(h -> new MerkleTree(new SqliteNodeReader(h)).inclusionProof(seq - 1, treeSize));
    }

    /**
     * The inclusion path of event {@code seq} in the tree of {@code treeSize}, checked against {@code root} (the stored root,
     * or the one a checkpoint signed) before anyone is handed it: a path that does not reach the root means the Merkle
     * tables disagree with the events, which is a fault of this log, never of the caller.
     */
    public InclusionProof checkedInclusionProof(long seq, long treeSize, Hash32 root) {
        InclusionProof proof = inclusionProof(seq, treeSize);
        Event event = event(seq).orElseThrow(() -> new StoreException("inclusion proof: no event at seq " + seq));
        try {
            proof.verify(new Hash32(MerkleHasher.leafHash(event.hashBytes())), root);
        } catch (ProofException e) {
            throw new IllegalStateException("the inclusion proof of seq " + seq + " in tree size " + treeSize + " does not reach the root "
                    + root.hex() + ": " + e.getMessage() + " (the Merkle tables disagree with the events; run rynxs verify)", e);
        }
        return proof;
    }

    /** Consistency proof between the trees of {@code from} and {@code to} events. */
    public ConsistencyProof consistencyProof(long from, long to) {
        checkSize("consistency proof", to);
        if (from < 1 || from > to) {
            throw new StoreException("consistency proof: from " + from + " is outside 1.." + to + " (the larger size)");
        }
        return jdbi.withHandle(h -> new MerkleTree(new SqliteNodeReader(h)).consistencyProof(from, to));
    }

    private void checkSize(String what, long size) {
        long head = head().seq();
        if (size > head) {
            // The cached head may lag a write by another process on the same file; the table decides.
            head = jdbi.withHandle(EventQueries::head).seq();
        }
        if (size < 0 || size > head) {
            throw new BeyondHeadException(what + ": tree size " + size + " is outside 0.." + head + " (the log's head)");
        }
    }

    /** The raw 32-byte hashes of events {@code first .. first + count - 1}, the entries of the tiled log. */
    public List<byte[]> eventHashes(long first, int count) {
        return jdbi.withHandle(h -> TileHashes.eventHashes(h, first, count));
    }

    /**
     * The hashes of complete subtrees at Merkle {@code level} (0, or {@value SqliteNodeReader#STORED_FROM_LEVEL} and
     * up), indexes {@code from .. from + count - 1}: what a tile of the tiled log holds.
     */
    public List<byte[]> subtreeHashes(int level, long from, int count) {
        return jdbi.withHandle(h -> TileHashes.subtrees(h, level, from, count));
    }

    /** The compact Merkle range (frontier) of the first {@code size} events, to continue the tree from there. */
    public CompactRange compactRange(long size) {
        checkSize("compact range", size);
        return jdbi.withHandle(h -> CompactRange.load(size, new SqliteNodeReader(h)));
    }

    /** Runs a maintenance job on the writer's connection between batches ({@link Quarantine}). */
    <T> T maintenance(Function<Handle, T> job) {
        if (writer == null) {
            throw new StoreException("maintenance: " + options.path() + " was opened for reading only");
        }
        try {
            return writer.submitJob(job).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("maintenance: interrupted while waiting (read the head to find out what happened)", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** Runs read work on its own connection, for the other store classes. */
    <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    public StoreOptions options() {
        return options;
    }

    /**
     * Threads this store lends to work on its events that can use a second core: the readers of a long
     * replay, the writer of half of a large state's text ({@code StateBuilder.build(helper)}). Shut down by
     * {@link #close()}, so nothing outlives the store.
     */
    public Executor helper() {
        return helpers;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
            writerHandle.close();
        }
        helpers.shutdown();
        pool.close();
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new StoreException("append: " + cause.getMessage(), cause);
    }
}
