package io.rynxs.shipping;

import java.util.List;

/**
 * What one {@link Shipper#runOnce} did: the segments it shipped (as {@code first-last}), those shipped before that it wrote
 * again into a sink that lacked them ({@code backfilled}), and the log it left: {@code shippedThrough} is what this sink holds.
 */
public record ShipResult(List<String> shipped, List<String> backfilled, long shippedThrough, long head) {
    public ShipResult {
        shipped = List.copyOf(shipped);
        backfilled = List.copyOf(backfilled);
    }

    /** For a report line: what was back-filled, with a trailing "; ", or nothing. */
    public String backfillNote() {
        return backfilled.isEmpty() ? "" : "back-filled " + backfilled.size() + " segment(s) the sink lacked ("
                + backfilled.get(0).split("-")[0] + ".." + backfilled.get(backfilled.size() - 1).split("-")[1] + "); ";
    }

    public long unshipped() {
        return head - shippedThrough;
    }
}
