-- Complete subtree hashes of the RFC 6962 tree over event hashes (docs/DESIGN.md, The Merkle tree).
-- Node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level); level 0 holds the leaf hashes.
-- Written in the same transaction as the events they cover, so a root or proof for any size costs
-- O(log n) lookups and never a scan of the log.
CREATE TABLE merkle_nodes (
    level INTEGER NOT NULL CHECK (level >= 0 AND level < 64),
    idx   INTEGER NOT NULL CHECK (idx >= 0),
    hash  BLOB    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
BEGIN
    SELECT RAISE(ABORT, 'merkle nodes are append-only: UPDATE is refused');
END;

CREATE TRIGGER merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
BEGIN
    SELECT RAISE(ABORT, 'merkle nodes are append-only: DELETE is refused');
END;

-- Signed checkpoints (docs/DESIGN.md, Checkpoints). One row per tree size: a log never signs two roots for one size.
CREATE TABLE checkpoints (
    tree_size  INTEGER PRIMARY KEY CHECK (tree_size >= 1),
    origin     TEXT    NOT NULL,
    root       TEXT    NOT NULL,
    chain_hash TEXT    NOT NULL,
    state_hash TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are immutable: UPDATE is refused');
END;

-- Replay snapshots: the state after event seq, as canonical JSON with its hash. A cache, not a record:
-- each can be rebuilt from the events, and replay checks the stored hash before trusting one.
CREATE TABLE snapshots (
    seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
    state_hash TEXT    NOT NULL,
    state      TEXT    NOT NULL
);
