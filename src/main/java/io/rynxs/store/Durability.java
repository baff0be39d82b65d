package io.rynxs.store;

/**
 * SQLite's {@code synchronous} setting in WAL mode. {@code FULL} (the default) fsyncs the WAL at every
 * commit, so an acknowledged append survives power loss; {@code NORMAL} survives a process crash but
 * may lose the last commits on power loss.
 */
public enum Durability {
    FULL,
    NORMAL
}
