package io.rynxs.store;

/** An event as its canonical line (the segment and NDJSON form), with the seq and hash a page needs. */
public record EventLine(long seq, String hash, String line) {
}
