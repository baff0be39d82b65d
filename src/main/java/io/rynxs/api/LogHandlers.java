package io.rynxs.api;

import io.javalin.http.Context;
import io.rynxs.event.Json;
import io.rynxs.event.Sha256;
import io.rynxs.store.AuditFinding;
import io.rynxs.store.AuditReport;
import io.rynxs.store.EventStore;
import io.rynxs.store.Head;
import io.rynxs.store.LogAudit;
import io.rynxs.store.VerifyResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /head}, {@code /state} and {@code /verify}: the log as a whole. */
final class LogHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(LogHandlers.class);
    private final EventStore store;
    private final StateReplays replays;
    private final HttpMetrics metrics;
    private final Supplier<LogAudit> audit;

    LogHandlers(EventStore store, StateReplays replays, Supplier<LogAudit> audit, HttpMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.replays = replays;
        this.audit = audit;
    }

    void head(Context ctx) {
        Params.of(ctx);
        Head h = store.head();
        Responses.json(ctx, new HeadJson(h.seq(), h.hash(), store.root(h.seq()).hex(), h.epoch()));
    }

    /** The state after event {@code atSeq} (default: the head), whole or one aggregate's part. */
    void state(Context ctx) {
        Params p = Params.of(ctx, "atSeq", "aggregate");
        long head = store.head().seq();
        long at = p.number("atSeq", 0, Json.MAX_SAFE_INTEGER, head);
        if (at > head) {
            throw ApiProblem.notFound("atSeq " + at + " is beyond the head (allowed: 0.." + head + ")");
        }
        String aggregate = p.string("aggregate");
        StateView view = aggregate == null ? null : StateView.of(aggregate);
        boolean immutable = p.has("atSeq");
        ctx.future(() -> replays.at(at).thenAccept(state -> {
            // The state hash already covers the state; the tag adds what else shapes the body.
            String tag = Sha256.hex((at + "|" + state.hash() + "|" + (aggregate == null ? "" : aggregate))
                    .getBytes(StandardCharsets.UTF_8));
            byte[] body = body(state, aggregate, view);
            try {
                Responses.send(ctx, body, Responses.JSON, tag, immutable);
            } catch (IllegalStateException gone) {
                // The client hung up while its replay waited in the queue, and Jetty has recycled the
                // response: there is nobody to answer (the replay's result is kept for the next asker).
                LOG.debug("state at {}: the client left before the replay finished ({})", at, gone.getMessage());
            }
        }));
    }

    private static byte[] body(StateReplays.Result state, String aggregate, StateView view) {
        String stateJson = view == null ? state.json().text() : Json.write(view.select(state.json().toMap()));
        String prefix = "{\"seq\":" + state.seq() + ",\"stateHash\":\"" + state.hash() + "\""
                + (aggregate == null ? "" : ",\"aggregate\":" + Json.write(aggregate));
        return (prefix + ",\"state\":" + stateJson + "}").getBytes(StandardCharsets.UTF_8);
    }

    void verify(Context ctx) {
        Params p = Params.of(ctx, "fromSeq", "toSeq");
        long head = store.head().seq();
        long from = p.number("fromSeq", 1, Json.MAX_SAFE_INTEGER, 1);
        long to = p.number("toSeq", 0, Json.MAX_SAFE_INTEGER, 0);
        if (Math.max(from, to) > Math.max(head, 1)) {
            throw ApiProblem.notFound((to > head ? "toSeq " + to : "fromSeq " + from) + " is beyond the head (allowed: 1.." + head + ")");
        }
        if (to != 0 && to < from) {
            throw ApiProblem.badRequest("toSeq " + to + " is below fromSeq " + from + " (allowed: " + from + ".." + head + ", or 0 for the head)");
        }
        if (from > 1) {
            // A range that starts later is its chain only, anchored at the stored hash before it.
            VerifyResult r = store.verify(from, to);
            if (!r.ok()) {
                failed(r.failedSeq(), "CHAIN", r.reason());
            }
            Responses.json(ctx, r.ok() ? new VerifyJson(true, r.checked(), r.head(), r.headSeq(), null, null, null, null, null, null, null)
                    : new VerifyJson(false, r.checked(), null, null, null, null, r.failedSeq(), null, r.reason(), null, null));
            return;
        }
        AuditReport r = audit.get().run(to);
        AuditFinding f = r.finding();
        if (!r.ok()) {
            failed(f.seq(), f.code().name(), f.reason());
        }
        Responses.json(ctx, r.ok()
                ? new VerifyJson(true, r.checked(), r.head(), r.headSeq(), (long) r.commitments(), r.committedThrough(), null, null, null, null,
                        r.notes())
                : new VerifyJson(false, r.checked(), null, null, null, null, f.seq(), f.code().name(), f.reason(), f.commitment(), r.notes()));
    }

    /** A log that does not verify is counted (it has an alert) and logged, whoever asked. */
    private void failed(long seq, String code, String reason) {
        metrics.verifyFailed();
        LOG.error("verify: the log does not verify: {} at seq {}: {}", code, seq, reason);
    }

    private record HeadJson(long seq, String hash, String root, long epoch) {}

    /** The verify report (openapi.yaml, VerifyReport): the members of a pass, or those of a finding; absent ones left out. */
    private record VerifyJson(boolean ok, long checked, String head, Long headSeq, Long commitments, Long committedThrough, Long seq,
                              String code, String reason, String commitment, List<String> notes) {}
}
