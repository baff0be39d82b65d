package io.rynxs.store;

import io.rynxs.event.Event;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The log on SQLite: group-committed appends through one writer, reads on their own connections, and
 * streaming verification. Thread-safe.
 */
public final class EventStore implements AutoCloseable {
    private final StoreOptions options;
    private final Jdbi jdbi;
    private final Handle writerHandle;
    private final GroupCommitWriter writer;

    private EventStore(StoreOptions options, Jdbi jdbi, Handle writerHandle, GroupCommitWriter writer) {
        this.options = options;
        this.jdbi = jdbi;
        this.writerHandle = writerHandle;
        this.writer = writer;
    }

    /** Opens the store: migrations, head, writer thread. */
    public static EventStore open(StoreOptions options) {
        return open(options, Clock.systemUTC(), List.of(), (size, nanos) -> {});
    }

    static EventStore open(StoreOptions options, Clock clock, List<AppendListener> listeners,
                           GroupCommitWriter.BatchObserver observer) {
        Jdbi jdbi = Database.open(options);
        Handle handle = jdbi.open();
        try {
            Head head = EventQueries.head(handle);
            GroupCommitWriter writer = new GroupCommitWriter(handle, head, clock, options.maxBatch(), listeners, observer);
            return new EventStore(options, jdbi, handle, writer);
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /** Queues an append; the future completes once the event is durable, or fails with a {@link StoreException}. */
    public CompletableFuture<Event> appendAsync(AppendRequest request) {
        return writer.submit(request);
    }

    /** Appends and waits until the event is durable. */
    public Event append(AppendRequest request) {
        try {
            return appendAsync(request).get();
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

    /** The newest durable event. */
    public Head head() {
        return writer.head();
    }

    public Optional<Event> event(long seq) {
        return jdbi.withHandle(h -> EventQueries.bySeq(h, seq));
    }

    public List<Event> events(EventQuery query) {
        return jdbi.withHandle(h -> EventQueries.page(h, query));
    }

    /** Verifies the chain between two seqs inclusive ({@code toSeq} 0 = the head). */
    public VerifyResult verify(long fromSeq, long toSeq) {
        return jdbi.withHandle(h -> ChainCheck.run(h, fromSeq, toSeq));
    }

    /** Runs read work on its own connection (for queries other packages in the store define). */
    public <T> T read(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    public StoreOptions options() {
        return options;
    }

    @Override
    public void close() {
        writer.close();
        writerHandle.close();
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new StoreException("append: " + cause.getMessage(), cause);
    }
}
