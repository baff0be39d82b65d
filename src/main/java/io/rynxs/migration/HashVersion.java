package io.rynxs.migration;

/**
 * The two hash rules of rynxs-python. Both hash {@code prev_hash} followed by the legacy canonical bytes of
 * the event as written; they differ in what the event holds: v1 always has {@code meta} and no tag, v2
 * has {@code "hash_version":"v2"} and omits an empty {@code meta}.
 */
public enum HashVersion {
    V1, V2;

    /** The text used in {@code meta.legacy.hash_version} and in the import summary: {@code v1} or {@code v2}. */
    public String tag() {
        return this == V1 ? "v1" : "v2";
    }
}
