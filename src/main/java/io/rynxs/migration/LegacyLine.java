package io.rynxs.migration;

/**
 * One record's text and where it came from: a file and 1-based line, and for one-object-per-event stores
 * the seq named by the object's key ({@code keySeq}, null for JSONL files).
 */
public record LegacyLine(String file, long line, Long keySeq, String text) {
    public LegacyLine {
        if (file == null || text == null) {
            throw new IllegalArgumentException("legacy line: file and text are required");
        }
    }
}
