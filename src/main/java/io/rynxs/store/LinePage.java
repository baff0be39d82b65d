package io.rynxs.store;

import io.rynxs.event.LineFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A page of events as canonical lines joined by commas, exactly as SQLite assembled them, with each line's
 * seq and end offset: the API copies a prefix of {@link #joined} into a response without touching a
 * line. The array is not copied; nobody may write to it.
 */
public record LinePage(byte[] joined, long[] seqs, int[] ends) {
    static final LinePage EMPTY = new LinePage(new byte[0], new long[0], new int[0]);

    public int size() {
        return seqs.length;
    }

    /**
     * The hash of line {@code i}, read from the line: an aggregate holds no quote, so the first
     * {@code "hash":"} of a line is its envelope's (RFC 8785 order: aggregate, epoch, hash, …).
     */
    public String hash(int i) {
        String hash = hashOf(joined, i == 0 ? 0 : ends[i - 1] + 1, ends[i]);
        if (hash == null) {
            throw new StoreException("read events: line " + seqs[i] + " has no hash member (report this)");
        }
        return hash;
    }

    /** The envelope hash of the line in {@code bytes[start, end)}, or null if it has none. */
    static String hashOf(byte[] bytes, int start, int end) {
        int at = LineFormat.hashMemberAt(bytes, start, end);
        return at < 0 ? null : new String(bytes, at + LineFormat.HASH_MEMBER.length, 64, StandardCharsets.US_ASCII);
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
            out.add(new EventLine(seqs[i], hash(i), Arrays.copyOfRange(joined, start, ends[i])));
        }
        return out;
    }
}
