package io.rynxs.store;

import io.rynxs.event.Event;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.tlog.ProofFile;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes the C2SP tlog-proof file of one event: its canonical line in {@code extra}, the inclusion path to the
 * root of a signed checkpoint that covers it, and that checkpoint's note with every cosignature stored for it.
 * The checkpoint is the newest one some witness cosigned at or above the event's seq, else the newest one;
 * the path is checked against the signed root before the file is handed out.
 */
public final class ProofExport {
    private final EventStore store;
    private final Checkpoints checkpoints;
    private final Cosignatures cosignatures;

    public ProofExport(EventStore store, Checkpoints checkpoints) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.cosignatures = new Cosignatures(store);
    }

    /** Why no proof file can be written for a seq; the message names the seq and what would make one possible. */
    public static final class NoProof extends RuntimeException {
        NoProof(String message) {
            super(message);
        }
    }

    /** The proof file of the event at {@code seq}; throws {@link NoProof} when no checkpoint covers it yet. */
    public ProofFile of(long seq) {
        long head = store.head().seq();
        if (seq < 1 || seq > head) {
            throw new NoProof("no event at seq " + seq + " (the log holds 1.." + head + ")");
        }
        StoredCheckpoint checkpoint = covering(seq).orElseThrow(() -> new NoProof("no signed checkpoint covers seq " + seq + " yet (the newest is "
                + checkpoints.latest().map(c -> "at tree size " + c.treeSize()).orElse("none") + "; sign one with rynxs checkpoint create"
                + " or POST /api/v1/checkpoints)"));
        Event event = store.event(seq).orElseThrow();
        InclusionProof path = store.checkedInclusionProof(seq, checkpoint.treeSize(), Hash32.fromHex(checkpoint.root()));
        String note = cosignatures.attach(checkpoint.treeSize(), checkpoint.note());
        return new ProofFile(event.line().getBytes(StandardCharsets.UTF_8), seq - 1, path.hashes(), note.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<StoredCheckpoint> covering(long seq) {
        OptionalLong cosigned = cosignatures.newestFrom(seq);
        if (cosigned.isPresent()) {
            Optional<StoredCheckpoint> c = checkpoints.at(cosigned.getAsLong());
            if (c.isPresent()) {
                return c;
            }
        }
        return checkpoints.latest().filter(c -> c.treeSize() >= seq);
    }
}
