package io.rynxs.store;

import io.rynxs.event.Sha256;
import java.security.MessageDigest;

/**
 * A stored snapshot as {@link SnapshotSeqs#checkedAt} hands it over: the state after this log's events
 * 1..seq, whose head is the event {@code headHash}, with its hash ({@code stateHash}, the {@code rynxs-state}
 * line of a checkpoint at seq) and its stored UTF-8 bytes, not parsed.
 */
public record CheckedSnapshot(long seq, String headHash, String stateHash, byte[] bytes) {
    boolean bytesMatchHash() {
        return stateHash != null && bytes != null && Sha256.isHash(stateHash)
                && MessageDigest.isEqual(Sha256.digest(bytes), Sha256.fromHex(stateHash));
    }
}
