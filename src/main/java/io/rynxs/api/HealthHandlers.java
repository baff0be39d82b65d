package io.rynxs.api;

import io.javalin.http.Context;
import io.rynxs.store.EventStore;
import io.rynxs.store.Integrity;
import io.rynxs.store.IntegrityException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /healthz} (the process answers) and {@code /readyz} (store open, head loaded, plus the serve command's checks). */
final class HealthHandlers {
    private final EventStore store;
    private final Supplier<Readiness> extra;
    private final BooleanSupplier closing;

    HealthHandlers(EventStore store, Supplier<Readiness> extra, BooleanSupplier closing) {
        this.store = store;
        this.extra = extra;
        this.closing = closing;
    }

    void healthz(Context ctx) {
        Params.of(ctx);
        Responses.json(ctx, new StatusJson("ok"));
    }

    void readyz(Context ctx) {
        Params.of(ctx);
        Readiness r = readiness();
        ctx.status(r.ready() ? 200 : 503);
        if (!r.ready()) {
            AccessLog.explain(ctx, "not-ready", r.detail());
        }
        Responses.json(ctx, new ReadyJson(r.ready(), r.detail()));
    }

    private Readiness readiness() {
        if (closing.getAsBoolean()) {
            return Readiness.notReady("shutting down");
        }
        long head;
        try {
            head = store.head().seq();
        } catch (RuntimeException e) {
            return Readiness.notReady("store not readable: " + e.getMessage());
        }
        Integrity integrity = store.integrity();
        if (integrity.refused()) {
            return Readiness.notReady("log refused for writing: " + integrity.detail() + " (" + IntegrityException.RECOVERY + ")");
        }
        if (integrity.state() == Integrity.State.VERIFYING) {
            return Readiness.notReady("verifying the log against its commitments before taking writes: " + integrity.detail());
        }
        Optional<String> fault = store.fault();
        if (fault.isPresent()) {
            return Readiness.notReady("appends are failing: " + fault.get());
        }
        Readiness more = extra.get();
        String detail = "store open, head seq " + head + "; " + more.detail();
        return new Readiness(more.ready(), detail);
    }

    private record StatusJson(String status) {}

    private record ReadyJson(boolean ready, String detail) {}
}
