-- Segments sealed from the log and shipped to the object store (docs/DESIGN.md, Segments and the sink).
-- One row per segment, keyed by its first seq like its manifest. A row is written 'sealed' with the exact object and manifest bytes
-- before anything is uploaded, so a restart re-uploads the same bytes (an identical object counts as
-- done); it becomes 'shipped' once segment, manifest and checkpoint are all in the store, and the object
-- bytes are then dropped (the events table still holds every line).
CREATE TABLE segments (
    first           INTEGER PRIMARY KEY CHECK (first >= 1),
    last            INTEGER NOT NULL UNIQUE CHECK (last >= first),
    object_key      TEXT    NOT NULL,
    object_sha256   TEXT    NOT NULL,
    object          BLOB,
    manifest_sha256 TEXT    NOT NULL,
    manifest        BLOB    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('sealed', 'shipped')),
    sealed_at       TEXT    NOT NULL,
    shipped_at      TEXT
);

-- Only the sealed -> shipped step may change a row, and only those columns: what was sealed is fixed.
CREATE TRIGGER segments_sealed_fields_fixed BEFORE UPDATE ON segments
WHEN NEW.first <> OLD.first OR NEW.last <> OLD.last OR NEW.object_sha256 <> OLD.object_sha256
  OR NEW.manifest_sha256 <> OLD.manifest_sha256 OR NEW.manifest <> OLD.manifest OR OLD.state = 'shipped'
BEGIN
    SELECT RAISE(ABORT, 'segments: a sealed segment cannot change, and a shipped one is final');
END;

CREATE TRIGGER segments_no_delete BEFORE DELETE ON segments
BEGIN
    SELECT RAISE(ABORT, 'segments: rows are never deleted');
END;
