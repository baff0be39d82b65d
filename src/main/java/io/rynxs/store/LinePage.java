package io.rynxs.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A page of events as canonical lines joined by commas, exactly as SQLite assembled them, with each line's
 * seq, hash and end offset: the API copies a prefix of {@link #joined} into a response without touching a
 * line. The array is not copied; nobody may write to it.
 */
public record LinePage(byte[] joined, long[] seqs, String[] hashes, int[] ends) {
    static final LinePage EMPTY = new LinePage(new byte[0], new long[0], new String[0], new int[0]);

    public int size() {
        return seqs.length;
    }

    /** Bytes of the first {@code n} lines, commas between them included, none after. */
    public int lengthOf(int n) {
        return n == 0 ? 0 : ends[n - 1];
    }

    /** The lines as separate objects (tests and callers that want them one by one). */
    public List<EventLine> lines() {
        List<EventLine> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            int start = i == 0 ? 0 : ends[i - 1] + 1;
            out.add(new EventLine(seqs[i], hashes[i], Arrays.copyOfRange(joined, start, ends[i])));
        }
        return out;
    }
}
