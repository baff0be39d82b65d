package io.rynxs.shipping;

import java.util.List;

/** What one {@link Shipper#runOnce} did: the segments it shipped (as {@code first-last}) and the log it left. */
public record ShipResult(List<String> shipped, long shippedThrough, long head) {
    public ShipResult {
        shipped = List.copyOf(shipped);
    }

    public long unshipped() {
        return head - shippedThrough;
    }
}
