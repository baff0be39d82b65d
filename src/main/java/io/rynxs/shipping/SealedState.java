package io.rynxs.shipping;

import io.rynxs.state.EventRef;
import io.rynxs.state.State;
import io.rynxs.state.StateBuilder;
import io.rynxs.state.StateException;
import io.rynxs.store.CheckedSnapshot;
import io.rynxs.store.StoreException;

/**
 * The state after a sealed range as far as sealing needs it: its head and hash for the checkpoint, and a
 * working copy only when the next range has to be folded on from it. A state taken from a stored snapshot
 * stays unparsed until then (its bytes were hashed against the stored state hash, and its head read by
 * SQLite, when it was taken; docs/design/seal-snapshot-hash.md).
 */
final class SealedState {
    private final EventRef head;
    private final String hash;
    private final State state;
    private final byte[] snapshot;

    private SealedState(EventRef head, String hash, State state, byte[] snapshot) {
        this.head = head;
        this.hash = hash;
        this.state = state;
        this.snapshot = snapshot;
    }

    static SealedState of(State state) {
        return new SealedState(state.head(), state.hash(), state, null);
    }

    static SealedState of(CheckedSnapshot s) {
        return new SealedState(new EventRef(s.seq(), s.headHash()), s.stateHash(), null, s.bytes());
    }

    EventRef head() {
        return head;
    }

    long seq() {
        return head.seq();
    }

    /** Lowercase hex SHA-256 of the state's canonical bytes: the checkpoint's {@code rynxs-state} line. */
    String hash() {
        return hash;
    }

    /** A new working copy to fold on from; a snapshot is parsed here, once per call. */
    StateBuilder builder() {
        if (state != null) {
            return StateBuilder.from(state);
        }
        StateBuilder b;
        try {
            b = StateBuilder.fromSnapshot(snapshot, hash);
        } catch (StateException e) {
            throw new StoreException("seal: the snapshot at seq " + head.seq() + " whose hash was signed does not parse: " + e.getMessage(), e);
        }
        if (!b.head().equals(head)) {
            // SQLite's JSON parser and ours read the same bytes differently (duplicate members): only a forged row does that.
            throw new StoreException("seal: the snapshot at seq " + head.seq() + " reads as head " + b.head() + " here but as " + head
                    + " in SQLite, and its hash is signed in the checkpoint at " + head.seq()
                    + " (the snapshots table holds a row rynxs did not write: investigate before trusting that checkpoint)");
        }
        return b;
    }
}
