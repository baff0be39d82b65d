package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The log's only writer. Callers queue; one thread takes everything waiting (up to a batch limit),
 * assigns seq, time and prev, inserts the batch in one transaction with one fsync, and only then
 * completes each caller's future. No caller hears "ok" before its event is durable.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final String INSERT = "INSERT INTO events (seq, v, type, aggregate, time, epoch, payload, meta, prev, hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** One caller's work on the queue: a write (one of two kinds) or a maintenance job. */
    private sealed interface Pending permits Write, Job {
        CompletableFuture<?> done();
    }

    /** Work that goes into a batch's transaction; its future completes with the (last) event written. */
    private sealed interface Write extends Pending permits Append, Copy {
        @Override
        CompletableFuture<Event> done();
    }

    /** A new event to seal (seq, time, prev, hash) and append. */
    private record Append(AppendRequest request, CompletableFuture<Event> done) implements Write {}

    /** Events sealed elsewhere (restore, the follower), copied in only if they continue the head exactly. */
    private record Copy(List<Event> events, CompletableFuture<Event> done) implements Write {}

    /** Maintenance on the writer's connection between two batches, alone ({@link #submitJob}). */
    private record Job(Runnable run, CompletableFuture<?> done) implements Pending {}

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final Handle handle;
    private final Connection connection;
    private final Clock clock;
    private final int maxBatch;
    private final List<AppendListener> listeners;
    private final StoreObserver observer;
    private final Thread thread;
    private volatile Head head;
    private volatile boolean closing;
    private volatile String fault;
    private final Supplier<Head> committedHead;
    private final Path path;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private static final int SPINS = 2_000;
    private long lastMillis = Long.MIN_VALUE;
    private String lastTime;

    GroupCommitWriter(Handle handle, Head head, Clock clock, int maxBatch, List<AppendListener> listeners, StoreObserver observer,
                      Supplier<Head> committedHead, Path path) {
        this.handle = handle;
        this.committedHead = committedHead;
        this.path = path;
        this.connection = handle.getConnection();
        this.head = head;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.listeners = List.copyOf(listeners);
        this.observer = observer;
        this.thread = new Thread(this::run, "rynxs-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Synchronized with {@link #close} so that nothing is queued after the writer decided to stop. */
    synchronized CompletableFuture<Event> submit(AppendRequest request) {
        CompletableFuture<Event> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new StoreClosedException("append: the store is closing (retry against the new instance)"));
            return done;
        }
        queue.add(new Append(request, done));
        return done;
    }

    /**
     * Appends on the caller's thread when nothing is queued and no batch is being written: a lone
     * synchronous appender then pays no hand-over to the writer thread and back (two wake-ups, up to a
     * third of a one-event transaction). Under contention it queues like everyone else, so batches still
     * form. The lock keeps one writer at a time on the one connection either way.
     */
    CompletableFuture<Event> appendNow(AppendRequest request) {
        if (queue.isEmpty() && writing.tryLock()) {
            try {
                if (!closing && queue.isEmpty()) {
                    Append p = new Append(request, new CompletableFuture<>());
                    write(List.of(p));
                    return p.done();
                }
            } finally {
                writing.unlock();
            }
        }
        return submit(request);
    }

    /** Queues events sealed elsewhere (restore); they are written only if each continues the head exactly. */
    synchronized CompletableFuture<Event> submitSealed(List<Event> events) {
        CompletableFuture<Event> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new StoreException("append verified: the store is closing (retry against the new instance)"));
            return done;
        }
        if (events.isEmpty()) {
            done.completeExceptionally(new StoreException("append verified: no events"));
            return done;
        }
        queue.add(new Copy(List.copyOf(events), done));
        return done;
    }

    Head head() {
        return head;
    }

    /** Why the last commit failed, until one succeeds. */
    Optional<String> fault() {
        return Optional.ofNullable(fault);
    }

    /**
     * Runs {@code job} on the writer's connection between two batches, alone (the store's maintenance
     * operations: the quarantine move). The job manages its own transaction; afterwards the head and every
     * listener (the Merkle tree) are reloaded from the database.
     */
    synchronized <T> CompletableFuture<T> submitJob(Function<Handle, T> job) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new StoreClosedException("maintenance: the store is closing"));
            return done;
        }
        queue.add(new Job(() -> {
            try {
                done.complete(job.apply(handle));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            } finally {
                reloadAfterJob();
            }
        }, done));
        return done;
    }

    private void reloadAfterJob() {
        try {
            execute("BEGIN IMMEDIATE");
            Head h = EventQueries.head(handle);
            for (AppendListener l : listeners) {
                l.reload(handle, h);
            }
            execute("COMMIT");
            head = h;
        } catch (RuntimeException | SQLException e) {
            rollback();
            resync();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending first;
            try {
                first = take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    break;
                }
                continue;
            }
            batch.add(first);
            writing.lock();
            try {
                queue.drainTo(batch, maxBatch - 1);
                List<Write> appends = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                    if (p instanceof Write w) {
                        appends.add(w);
                        continue;
                    }
                    if (!appends.isEmpty()) {
                        write(appends);
                        appends.clear();
                    }
                    ((Job) p).run().run();
                }
                if (!appends.isEmpty()) {
                    write(appends);
                }
            } finally {
                writing.unlock();
            }
            batch.clear();
        }
        failRemaining();
    }

    /**
     * Writes a batch trusting the head this writer committed last; only if that fails (another process
     * appended, and the seq is taken) does it try once more, reading the head inside the write lock and
     * reloading the listeners. The common path thus costs no extra query per batch.
     */
    private void write(List<? extends Write> batch) {
        long started = System.nanoTime();
        if (!attempt(batch, started, false)) {
            attempt(batch, started, true);
        }
    }

    /** One transaction for the batch; false when a first attempt failed and is worth one retry. */
    private boolean attempt(List<? extends Write> batch, long started, boolean readHead) {
        List<Write> accepted = new ArrayList<>(batch.size());
        List<Event> results = new ArrayList<>(batch.size());
        List<Event> events = new ArrayList<>(batch.size());
        Head h;
        try {
            begin();
            h = readHead ? currentHead() : head;
            PreparedStatement insert = statement(INSERT);
            for (Write p : batch) {
                if (p.done().isDone()) {
                    continue; // refused in the first attempt: that answer stands
                }
                if (p instanceof Copy copy) {
                    StoreException refusal = AppendChecks.checkSealed(copy.events(), h);
                    if (refusal != null) {
                        p.done().completeExceptionally(refusal);
                        continue;
                    }
                    for (Event e : copy.events()) {
                        AppendChecks.insert(insert, e);
                        events.add(e);
                        h = new Head(e.seq(), e.hash(), e.epoch());
                    }
                    accepted.add(p);
                    results.add(copy.events().get(copy.events().size() - 1));
                    continue;
                }
                AppendRequest request = ((Append) p).request();
                StoreException refusal = AppendChecks.check(request, h);
                if (refusal != null) {
                    observer.refused(refusal);
                    p.done().completeExceptionally(refusal);
                    continue;
                }
                Event e = Event.seal(request.event(), h.seq() + 1, now(), request.epoch(), h.hash());
                AppendChecks.insert(insert, e);
                accepted.add(p);
                results.add(e);
                events.add(e);
                h = new Head(e.seq(), e.hash(), e.epoch());
            }
            if (!events.isEmpty()) {
                for (AppendListener l : listeners) {
                    l.beforeCommit(handle, events);
                }
            }
            execute("COMMIT");
        } catch (RuntimeException | SQLException e) {
            rollback();
            StoreException failure = WriteFault.of(e, path);
            if (!readHead && !(failure instanceof LogUnavailableException)) {
                return false;
            }
            // The head is re-read from what is committed and the fault recorded before anyone hears of it: a caller
            // who asks the store right after its refusal sees both. Nothing of the batch is written.
            resync();
            if (failure instanceof LogUnavailableException && !failure.getMessage().equals(fault)) {
                fault = failure.getMessage();
                observer.writeFailed(failure);
            }
            for (Write p : batch) {
                if (!p.done().isDone()) {
                    p.done().completeExceptionally(failure);
                }
            }
            return true;
        }
        if (fault != null) {
            fault = null;
            observer.writeRecovered();
        }
        head = h;
        if (!events.isEmpty()) {
            for (AppendListener l : listeners) {
                l.afterCommit(events);
            }
        }
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).done().complete(results.get(i));
        }
        if (!events.isEmpty()) {
            observer.committed(events, System.nanoTime() - started);
        }
        return true;
    }

    /**
     * Each batch is one explicit {@code BEGIN IMMEDIATE ... COMMIT} on an autocommit connection, so the
     * write lock is held only while a batch is written, and other connections (snapshots, checkpoints,
     * another process appending) can write between batches.
     */
    private void begin() throws SQLException {
        statement("BEGIN IMMEDIATE").execute();
    }

    private void execute(String sql) throws SQLException {
        statement(sql).execute();
    }

    /** The event time, formatted once per millisecond (the writer's clock is read for every event). */
    private String now() {
        long millis = clock.millis();
        if (millis != lastMillis) {
            lastMillis = millis;
            lastTime = EventTime.format(Instant.ofEpochMilli(millis));
        }
        return lastTime;
    }

    /**
     * The few statements of every batch (the insert is the hot path), prepared once on the writer's
     * connection: Jdbi would prepare them again per batch, which costs a fifth of a one-event transaction.
     */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    /**
     * The next request: a caller that appends one event at a time sends the next right after its answer,
     * so a short spin catches it without parking the writer and waking it again (a third of the cost of a
     * one-event transaction); otherwise block, waking every 50 ms to notice a close.
     */
    private Pending take() throws InterruptedException {
        for (int i = 0; i < SPINS; i++) {
            Pending p = queue.poll();
            if (p != null) {
                return p;
            }
            Thread.onSpinWait();
        }
        return queue.poll(50, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the head inside the write lock. Normally it is the head this writer committed last; if
     * another process appended in between, the listeners reload their state from the database first.
     */
    private Head currentHead() {
        Head h = EventQueries.head(handle);
        if (!h.equals(head)) {
            for (AppendListener l : listeners) {
                l.reload(handle, h);
            }
            head = h;
        }
        return h;
    }

    /**
     * Ends whatever transaction a failure left open, on a fresh statement: a cached one that failed mid-step may
     * be unusable ("statement is not executing"), so the cache is dropped and statements are prepared again.
     */
    private void rollback() {
        try (Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException | RuntimeException ignored) {
            // No transaction was open (SQLite rolled it back itself), or the connection is broken; resync reports the latter.
        }
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // Closing a statement of a failed step releases it anyway.
            }
        }
        prepared.clear();
        listeners.forEach(AppendListener::rolledBack);
    }

    /**
     * After a failed batch: the head from another connection, which sees only committed rows (this one could
     * still see its own uncommitted rows if the rollback did not happen), and the listeners reloaded if it moved.
     */
    private void resync() {
        Head committed;
        try {
            committed = committedHead.get();
        } catch (RuntimeException e) {
            return;  // The head stays the last one this writer committed, which is what the table held then.
        }
        if (!committed.equals(head)) {
            try {
                for (AppendListener l : listeners) {
                    l.reload(handle, committed);
                }
            } catch (RuntimeException e) {
                rollback();
            }
        }
        head = committed;
    }

    private void failRemaining() {
        StoreException closed = new StoreClosedException("append: the store closed before this event was written (nothing was written; retry)");
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done().completeExceptionally(closed);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writing.lock();
        try {
            for (PreparedStatement ps : prepared.values()) {
                ps.close();
            }
        } catch (SQLException ignored) {
            // Every batch was committed or rolled back already; closing the connection next releases the rest.
        } finally {
            writing.unlock();
        }
    }
}
