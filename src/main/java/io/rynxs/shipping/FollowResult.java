package io.rynxs.shipping;

import io.rynxs.store.Quarantine;
import java.util.Optional;

/**
 * What one {@link Follower#runOnce} did: segments and events applied, the seq the bucket's chain ends at
 * (as far as it verified), the local head afterwards, and the quarantine batch if local events had diverged.
 */
public record FollowResult(int segments, long events, long bucketHead, long head, Optional<Quarantine.Batch> quarantined) {
    public long lag() {
        return Math.max(0, bucketHead - head);
    }
}
