-- Quarantine (docs/DESIGN.md, High availability; docs/design/quarantine.md).
-- A deposed leader's events that never reached the shared bucket are not part of the log any more: they move here, with the reason and the time, and stay
-- forever. The move is the only way rows ever leave the append-only tables, and it is guarded three ways:
-- 1. the one-row `maintenance` table must be switched on, inside the same transaction, naming the batch
--    and the seq after which rows may go (no other seq can be deleted);
-- 2. every deleted event must already have its copy in `quarantine` for that batch (same seq and hash);
-- 3. the batch row in `quarantine_batches` is the audit record (who, why, when, how many), and neither
--    table accepts UPDATE or DELETE.
CREATE TABLE maintenance (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    batch       INTEGER,
    after_seq   INTEGER
);
INSERT INTO maintenance (id, active, batch, after_seq) VALUES (1, 0, NULL, NULL);

CREATE TABLE quarantine_batches (
    batch          INTEGER PRIMARY KEY,
    after_seq      INTEGER NOT NULL CHECK (after_seq >= 0),
    first_seq      INTEGER NOT NULL,
    last_seq       INTEGER NOT NULL,
    count          INTEGER NOT NULL CHECK (count >= 0),
    kind           TEXT    NOT NULL CHECK (kind IN ('diverged', 'fencing-conflict')),
    reason         TEXT    NOT NULL,
    checkpoints    TEXT    NOT NULL, -- JSON array of the signed notes removed with the events (evidence of the fork)
    quarantined_at TEXT    NOT NULL
);

CREATE TABLE quarantine (
    batch          INTEGER NOT NULL REFERENCES quarantine_batches (batch),
    seq            INTEGER NOT NULL,
    v              INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    aggregate      TEXT    NOT NULL,
    time           TEXT    NOT NULL,
    epoch          INTEGER NOT NULL,
    payload        TEXT    NOT NULL,
    meta           TEXT    NOT NULL,
    prev           TEXT    NOT NULL,
    hash           TEXT    NOT NULL,
    PRIMARY KEY (batch, seq)
);

CREATE TRIGGER quarantine_no_update BEFORE UPDATE ON quarantine
BEGIN
    SELECT RAISE(ABORT, 'quarantine is kept as it was moved: UPDATE is refused');
END;
CREATE TRIGGER quarantine_no_delete BEFORE DELETE ON quarantine
BEGIN
    SELECT RAISE(ABORT, 'quarantine is kept forever: DELETE is refused');
END;
CREATE TRIGGER quarantine_batches_no_update BEFORE UPDATE ON quarantine_batches
BEGIN
    SELECT RAISE(ABORT, 'quarantine batches are audit records: UPDATE is refused');
END;
CREATE TRIGGER quarantine_batches_no_delete BEFORE DELETE ON quarantine_batches
BEGIN
    SELECT RAISE(ABORT, 'quarantine batches are audit records: DELETE is refused');
END;

-- Events: DELETE stays refused, except a row after maintenance.after_seq whose copy is already in the
-- quarantine batch the maintenance row names.
DROP TRIGGER events_no_delete;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
WHEN NOT EXISTS (SELECT 1 FROM maintenance m JOIN quarantine q ON q.batch = m.batch AND q.seq = OLD.seq AND q.hash = OLD.hash
                 WHERE m.id = 1 AND m.active = 1 AND OLD.seq > m.after_seq)
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE is refused (only the audited quarantine move may remove rows)');
END;

-- Merkle nodes covering any leaf after maintenance.after_seq go with those events.
DROP TRIGGER merkle_nodes_no_delete;
CREATE TRIGGER merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
WHEN NOT EXISTS (SELECT 1 FROM maintenance m WHERE m.id = 1 AND m.active = 1
                 AND (OLD.idx + 1) * (1 << OLD.level) > m.after_seq)
BEGIN
    SELECT RAISE(ABORT, 'merkle nodes are append-only: DELETE is refused (only the audited quarantine move may remove nodes)');
END;

-- Segment rows sealed from quarantined events (never shipped, or rejected by the bucket) go too; shipped
-- rows never do.
DROP TRIGGER segments_no_delete;
CREATE TRIGGER segments_no_delete BEFORE DELETE ON segments
WHEN NOT EXISTS (SELECT 1 FROM maintenance m WHERE m.id = 1 AND m.active = 1 AND OLD.last > m.after_seq
                 AND OLD.state = 'sealed')
BEGIN
    SELECT RAISE(ABORT, 'segments: rows are never deleted (only unshipped rows, by the audited quarantine move)');
END;

-- Maintenance can only be switched on for a batch that is recorded.
CREATE TRIGGER maintenance_needs_batch BEFORE UPDATE ON maintenance
WHEN NEW.active = 1 AND NOT EXISTS (SELECT 1 FROM quarantine_batches b WHERE b.batch = NEW.batch AND b.after_seq = NEW.after_seq)
BEGIN
    SELECT RAISE(ABORT, 'maintenance: switch on only for a recorded quarantine batch with the same after_seq');
END;
