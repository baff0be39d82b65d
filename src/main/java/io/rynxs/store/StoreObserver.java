package io.rynxs.store;

import io.rynxs.event.Event;
import java.util.List;

/**
 * What the store tells the rest of the process: each committed batch (for metrics, and to wake live
 * tails) and each refused append (fencing, head conflicts). Called on the writer thread: keep it quick.
 */
public interface StoreObserver {
    /** Observes nothing. */
    StoreObserver NONE = new StoreObserver() {};

    /** A batch is durable; {@code nanos} ran from taking it off the queue to the end of its commit. */
    default void committed(List<Event> batch, long nanos) {}

    /** An append was refused without writing anything. */
    default void refused(StoreException reason) {}

    /** An audit or the open check found the rows contradicting a commitment or themselves: writes are refused from now on. */
    default void integrityRefused(AuditFinding finding) {}

    /** A batch could not be committed for a reason of the machine's (a full disk, an I/O error); said once per cause. */
    default void writeFailed(StoreException cause) {}

    /** A batch committed again after {@link #writeFailed}. */
    default void writeRecovered() {}

    /** Several observers in order. */
    static StoreObserver all(List<StoreObserver> observers) {
        List<StoreObserver> copy = List.copyOf(observers);
        return new StoreObserver() {
            @Override
            public void committed(List<Event> batch, long nanos) {
                copy.forEach(o -> o.committed(batch, nanos));
            }

            @Override
            public void refused(StoreException reason) {
                copy.forEach(o -> o.refused(reason));
            }

            @Override
            public void writeFailed(StoreException cause) {
                copy.forEach(o -> o.writeFailed(cause));
            }

            @Override
            public void writeRecovered() {
                copy.forEach(StoreObserver::writeRecovered);
            }

            @Override
            public void integrityRefused(AuditFinding finding) {
                copy.forEach(o -> o.integrityRefused(finding));
            }
        };
    }
}
