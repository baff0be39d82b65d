package io.rynxs.store;

import io.rynxs.event.Sha256;

/** The newest event of the log: its seq, hash and epoch ({@code seq} 0 and the zero hash when empty). */
public record Head(long seq, String hash, long epoch) {
    public static final Head EMPTY = new Head(0, Sha256.ZERO_HEX, 0);

    public boolean isEmpty() {
        return seq == 0;
    }
}
