package io.rynxs.store;

import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;

/**
 * One event to append, the writer's epoch, and optionally the head the caller expects to extend
 * ({@code expectedSeq} is the seq of the current head, {@code expectedPrev} its hash). A mismatch is a
 * conflict, never a silent reorder.
 */
public record AppendRequest(NewEvent event, long epoch, Long expectedSeq, String expectedPrev) {
    public AppendRequest {
        if (event == null) {
            throw new IllegalArgumentException("append: event is missing");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("append: epoch " + epoch + " is negative");
        }
        if (expectedSeq != null && expectedSeq < 0) {
            throw new IllegalArgumentException("append: expectedSeq " + expectedSeq + " is negative");
        }
        if (expectedPrev != null && !Sha256.isHash(expectedPrev)) {
            throw new IllegalArgumentException("append: expectedPrev is not 64 lowercase hex characters");
        }
    }

    public static AppendRequest of(NewEvent event) {
        return new AppendRequest(event, 0, null, null);
    }

    public static AppendRequest of(NewEvent event, long epoch) {
        return new AppendRequest(event, epoch, null, null);
    }
}
