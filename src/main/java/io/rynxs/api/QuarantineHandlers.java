package io.rynxs.api;

import io.javalin.http.Context;
import io.rynxs.event.Event;
import io.rynxs.event.Json;
import io.rynxs.store.Quarantine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        List<Map<String, Object>> batches = new ArrayList<>();
        long total = 0;
        for (Quarantine.Batch b : quarantine.batches()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("batch", b.batch());
            m.put("kind", b.kind());
            m.put("afterSeq", b.afterSeq());
            m.put("firstSeq", b.firstSeq());
            m.put("lastSeq", b.lastSeq());
            m.put("count", b.count());
            m.put("reason", b.reason());
            m.put("quarantinedAt", b.quarantinedAt());
            m.put("checkpoints", b.checkpoints());
            if (withEvents) {
                List<Object> events = new ArrayList<>();
                for (Event e : quarantine.events(b.batch())) {
                    events.add(Json.parse(e.line(), 256));
                }
                m.put("events", events);
            }
            total += b.count();
            batches.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("batches", batches);
        Responses.json(ctx, body);
    }
}
