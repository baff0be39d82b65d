package io.rynxs.event;

import java.util.Optional;

/**
 * Streams over events in seq order and finds the first break: a seq gap, a {@code prev} that does not
 * name the previous hash, or a stored hash that differs from the recomputed one. Memory is constant, so
 * it verifies logs of any length.
 */
public final class ChainVerifier {
    private long expectedSeq;
    private String expectedPrev;
    private long checked;

    /** Starts at genesis. */
    public ChainVerifier() {
        this(1, Sha256.ZERO_HEX);
    }

    /** Starts in the middle of a chain: the next event must have this seq and this prev. */
    public ChainVerifier(long expectedSeq, String expectedPrev) {
        this.expectedSeq = expectedSeq;
        this.expectedPrev = expectedPrev;
    }

    /** Checks the next event; empty if it continues the chain. */
    public Optional<ChainBreak> accept(Event e) {
        if (e.seq() != expectedSeq) {
            return Optional.of(new ChainBreak(expectedSeq, ChainBreak.Code.SEQ_GAP, e.seq() > expectedSeq
                    ? "event " + expectedSeq + " is missing (the next stored event is " + e.seq() + ")"
                    : "event " + e.seq() + " appears again after " + (expectedSeq - 1)));
        }
        String recomputed = e.computeHash();
        if (!recomputed.equals(e.hash())) {
            return Optional.of(new ChainBreak(e.seq(), ChainBreak.Code.HASH_MISMATCH, "hash mismatch: stored " + e.hash() + ", recomputed " + recomputed
                    + " (the event was modified after it was written)"));
        }
        if (!e.prev().equals(expectedPrev)) {
            return Optional.of(new ChainBreak(e.seq(), ChainBreak.Code.LINK_BROKEN, "prev " + e.prev() + " does not link to the hash of event "
                    + (e.seq() - 1) + ", " + expectedPrev + " (an event was replaced, inserted or reordered)"));
        }
        expectedSeq++;
        expectedPrev = e.hash();
        checked++;
        return Optional.empty();
    }

    /**
     * The fast path for a stored row: accepts it when its seq, version, recomputed hash and prev are all
     * as expected, and returns false otherwise without changing anything, so the caller can run
     * {@link #accept} on the full event to learn what is wrong.
     */
    public boolean acceptIfIntact(long seq, int v, String hash, String recomputed, String prev) {
        if (seq != expectedSeq || v != Event.VERSION || hash == null || !hash.equals(recomputed) || !expectedPrev.equals(prev)) {
            return false;
        }
        expectedSeq++;
        expectedPrev = hash;
        checked++;
        return true;
    }

    /** Events accepted so far. */
    public long checked() {
        return checked;
    }

    /** Hash of the last accepted event (the starting prev if none). */
    public String head() {
        return expectedPrev;
    }

    /** Seq of the last accepted event. */
    public long headSeq() {
        return expectedSeq - 1;
    }
}
