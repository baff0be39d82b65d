package io.rynxs.segment;

/** What a write-once put found: nothing there, the same bytes already there, or other bytes. */
public enum PutResult {
    /** The object did not exist and now holds the bytes. */
    CREATED,
    /** The object existed with exactly these bytes (a retry after a crash): success. */
    IDENTICAL_EXISTS,
    /** The object existed with other bytes: another writer; nothing was changed. */
    CONFLICT
}
