-- The log: one row per event, the nine hashed fields plus the hash (docs/DESIGN.md, The event and The store).
-- seq is the rowid, so rows are stored in log order and lookups by seq are direct.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
    v         INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    aggregate TEXT    NOT NULL,
    time      TEXT    NOT NULL,
    epoch     INTEGER NOT NULL CHECK (epoch >= 0),
    payload   TEXT    NOT NULL,
    meta      TEXT    NOT NULL,
    prev      TEXT    NOT NULL,
    hash      TEXT    NOT NULL UNIQUE
);

-- History queries filter by one of these and page by seq.
CREATE INDEX events_by_type      ON events (type, seq);
CREATE INDEX events_by_aggregate ON events (aggregate, seq);
CREATE INDEX events_by_time      ON events (time, seq);

-- Append-only at the database level too: any UPDATE or DELETE aborts its statement.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE is refused');
END;

-- Facts about the log that are set once (origin, creation time, ...).
CREATE TABLE log_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
