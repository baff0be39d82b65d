package io.rynxs.api;

import io.javalin.http.Context;
import io.rynxs.event.Event;
import io.rynxs.event.Json;
import io.rynxs.store.Quarantine;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/quarantine}: the events a deposed leader wrote and never shipped, moved out of the log
 * when it rejoined as a follower (docs/DESIGN.md, High availability), batch by batch with the reason, the time and the checkpoint
 * notes signed over them. Kept forever; an empty list on a replica that never diverged.
 */
final class QuarantineHandlers {
    private final Quarantine quarantine;

    QuarantineHandlers(Quarantine quarantine) {
        this.quarantine = quarantine;
    }

    void list(Context ctx) {
        Params p = Params.of(ctx, "events");
        boolean withEvents = !p.has("events") || Boolean.parseBoolean(ctx.queryParam("events"));
        List<BatchJson> batches = new ArrayList<>();
        long total = 0;
        for (Quarantine.Batch b : quarantine.batches()) {
            List<Object> events = null;
            if (withEvents) {
                events = new ArrayList<>();
                for (Event e : quarantine.events(b.batch())) {
                    events.add(Json.parse(e.line(), 256));
                }
            }
            total += b.count();
            batches.add(new BatchJson(b.batch(), b.kind(), b.afterSeq(), b.firstSeq(), b.lastSeq(), b.count(), b.reason(),
                    b.quarantinedAt(), b.checkpoints(), events));
        }
        Responses.json(ctx, new QuarantineJson(total, batches));
    }

    /** One quarantine batch; {@code events} is left out when the caller asked for none. */
    private record BatchJson(long batch, String kind, long afterSeq, long firstSeq, long lastSeq, long count, String reason,
                             String quarantinedAt, List<String> checkpoints, List<Object> events) {}

    private record QuarantineJson(long total, List<BatchJson> batches) {}
}
