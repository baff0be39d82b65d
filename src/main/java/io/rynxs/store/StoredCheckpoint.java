package io.rynxs.store;

/** A checkpoint the log signed: its fields, the full signed note, and when it was made. */
public record StoredCheckpoint(long treeSize, String origin, String root, String chainHash, String stateHash, String note,
                               String createdAt) {
}
