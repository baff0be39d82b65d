package io.rynxs.store;

import java.nio.charset.StandardCharsets;

/**
 * An event as its canonical line (the segment and NDJSON form) in UTF-8, with the seq and hash a page
 * needs. The bytes are the ones SQLite assembled: the API copies them into a response without decoding
 * them. The array is not copied; nobody may write to it (records compare arrays by reference anyway).
 */
public record EventLine(long seq, String hash, byte[] utf8) {
    /** The line as text (tests and callers that want a String; the API serves {@link #utf8} as it is). */
    public String line() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
