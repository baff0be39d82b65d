package io.rynxs.replication;

/** What a replica does with the log now; {@link Replica} moves between these (docs/ARCHITECTURE.md, High availability). */
public enum Role {
    /** Not told yet: the election (or, without a cluster, the CLI) has not said. Takes no appends, ships and follows nothing. */
    STARTING,
    /** No cluster, so no operator and no election: the log's only writer, shipping as it goes. */
    ONLY_WRITER,
    /** Appends at the Lease's epoch (or leads without an election, at the head's) and ships. */
    LEADER,
    /** Another replica leads: applies what it shipped and refuses appends. */
    FOLLOWER,
    /** Lost a write-once race in the bucket: refuses appends and follows until the process is restarted. */
    STEPPED_DOWN;

    /** Whether this role takes appends. */
    public boolean writes() {
        return this == ONLY_WRITER || this == LEADER;
    }
}
