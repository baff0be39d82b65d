-- Witness cosignatures (docs/FORMAT.md, "The standard transparency log"; docs/operations.md, "Witnesses").
-- One row per checkpoint and witness: the signature line the witness returned for the checkpoint whose note
-- body hashes to body_sha256 (the body is the signed text: origin, size, root and extension lines). The body
-- hash ties a line to the exact checkpoint it covers, so a line is never attached to another checkpoint of the
-- same size. Rows are evidence and are never changed or removed.
CREATE TABLE cosignatures (
    tree_size   INTEGER NOT NULL CHECK (tree_size >= 1),
    witness     TEXT    NOT NULL,
    body_sha256 TEXT    NOT NULL,
    line        TEXT    NOT NULL,
    cosigned_at TEXT    NOT NULL,
    PRIMARY KEY (tree_size, witness, body_sha256)
);

CREATE TRIGGER cosignatures_no_update BEFORE UPDATE ON cosignatures
BEGIN
    SELECT RAISE(ABORT, 'cosignatures are kept as the witness returned them: UPDATE is refused');
END;
CREATE TRIGGER cosignatures_no_delete BEFORE DELETE ON cosignatures
BEGIN
    SELECT RAISE(ABORT, 'cosignatures are evidence: DELETE is refused');
END;
