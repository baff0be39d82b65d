package io.rynxs.shipping;

import java.util.Optional;

/**
 * What stands between a shipped checkpoint and the tiled log's {@code checkpoint} object: nothing, or the
 * witnesses, whose cosignatures must meet the quorum first (io.rynxs.witness.Witnessing).
 */
public interface CheckpointWitness {
    /** No witnesses: every shipped checkpoint is published as the log signed it. */
    CheckpointWitness NONE = new CheckpointWitness() {
        @Override
        public Optional<byte[]> cosign(long size, byte[] note) {
            return Optional.of(note);
        }

        @Override
        public boolean pending() {
            return false;
        }
    };

    /**
     * The note to publish for the checkpoint of {@code size}: {@code note} with the cosignatures that meet the
     * quorum, or empty when it cannot be published yet (not due under the rate bound, or the quorum was missed).
     */
    Optional<byte[]> cosign(long size, byte[] note);

    /** Whether a checkpoint offered before still waits to be published (so it is offered again though nothing new shipped). */
    boolean pending();
}
