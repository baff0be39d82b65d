package io.rynxs.store;

import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Names what went wrong when a batch could not be committed. A full disk or an I/O error is the machine's,
 * not the request's: retryable ({@link LogUnavailableException}), and the message names the disk, so that the
 * operator who reads it knows where to free space. Anything else stays a plain {@link StoreException}.
 */
final class WriteFault {
    private WriteFault() {}

    static StoreException of(Throwable e, Path db) {
        SQLiteErrorCode code = codeOf(e);
        Path dir = db.toAbsolutePath().getParent();
        if (code == SQLiteErrorCode.SQLITE_FULL || (e.getMessage() != null && e.getMessage().contains("disk is full"))) {
            return new LogUnavailableException("append: the disk holding " + dir + " is full (" + code + "); nothing of this batch was"
                    + " written and the log is as it was; free space there and appends resume by themselves (retry)", e);
        }
        if (code != null && (code == SQLiteErrorCode.SQLITE_IOERR || code.name().startsWith("SQLITE_IOERR_"))) {
            return new LogUnavailableException("append: writing to the disk holding " + dir + " failed (" + code + ": " + e.getMessage()
                    + "); nothing of this batch was written; check the disk, appends resume by themselves once it writes again (retry)", e);
        }
        return new StoreException("append: the transaction failed and nothing of this batch was written: " + e.getMessage()
                + " (retry; if it persists check the disk and the database file)", e);
    }

    private static SQLiteErrorCode codeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                return s.getResultCode();
            }
        }
        return null;
    }
}
