package io.rynxs.migration;

/**
 * A legacy record that fails verification or cannot be carried into the log, with where it is: file,
 * 1-based line, and the legacy seq when the record got far enough to have one (else null).
 */
public final class LegacyRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final Long legacySeq;
    private final String reason;

    public LegacyRecordException(String file, long line, Long legacySeq, String reason) {
        super("import-legacy " + file + " line " + line + (legacySeq == null ? "" : " (legacy seq " + legacySeq + ")") + ": " + reason);
        this.file = file;
        this.line = line;
        this.legacySeq = legacySeq;
        this.reason = reason;
    }

    static LegacyRecordException at(LegacyLine where, Long legacySeq, String reason) {
        return new LegacyRecordException(where.file(), where.line(), legacySeq, reason);
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public Long legacySeq() {
        return legacySeq;
    }

    public String reason() {
        return reason;
    }
}
