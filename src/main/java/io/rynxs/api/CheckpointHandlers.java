package io.rynxs.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.javalin.http.Context;
import io.rynxs.checkpoint.CheckpointCode;
import io.rynxs.checkpoint.Signer;
import io.rynxs.checkpoint.VerificationResult;
import io.rynxs.checkpoint.VerifierKey;
import io.rynxs.event.Json;
import io.rynxs.store.AuditFinding;
import io.rynxs.store.CheckpointAudit;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.Cosignatures;
import io.rynxs.store.EventStore;
import io.rynxs.store.StoredCheckpoint;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** {@code /checkpoints} and {@code /keys}: signed notes over the log and the keys that check them. */
final class CheckpointHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointHandlers.class);
    static final int MAX_LIMIT = 1000;

    private final EventStore store;
    private final Checkpoints checkpoints;
    private final Signer signer;
    private final List<VerifierKey> keys;
    private final Cosignatures cosignatures;
    private final HttpMetrics metrics;

    CheckpointHandlers(EventStore store, Checkpoints checkpoints, Signer signer, List<VerifierKey> keys, HttpMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.checkpoints = checkpoints;
        this.signer = signer;
        this.keys = keys;
        this.cosignatures = new Cosignatures(store);
    }

    void list(Context ctx) {
        Params p = Params.of(ctx, "afterSize", "limit");
        long after = p.number("afterSize", 0, Json.MAX_SAFE_INTEGER, 0);
        int limit = (int) p.number("limit", 1, MAX_LIMIT, 100);
        List<StoredCheckpoint> found = checkpoints.list(after, limit + 1);
        boolean more = found.size() > limit;
        List<StoredCheckpoint> page = more ? found.subList(0, limit) : found;
        Responses.json(ctx, new PageJson(page, more ? (Object) page.get(page.size() - 1).treeSize() : Json.NULL));
    }

    void latest(Context ctx) {
        Params.of(ctx);
        StoredCheckpoint c = checkpoints.latest().orElseThrow(() -> ApiProblem.notFound("the log has no checkpoint yet (POST /api/v1/checkpoints)"));
        render(ctx, c, false);
    }

    void one(Context ctx) {
        Params.of(ctx);
        render(ctx, find(ctx), true);
    }

    void verify(Context ctx) {
        Params.of(ctx);
        StoredCheckpoint c = find(ctx);
        CheckpointAudit audit = keys.stream().filter(k -> k.name().equals(c.origin())).findFirst()
                .map(k -> checkpoints.verify(c.note().getBytes(StandardCharsets.UTF_8), k))
                .orElseGet(() -> new CheckpointAudit(new VerificationResult(false, CheckpointCode.UNKNOWN_KEY,
                        "the server has no verifier key named " + c.origin() + " (configure the log's verifier key)"), null));
        VerificationResult r = audit.result();
        AuditFinding f = audit.finding();
        if (!r.ok()) {
            metrics.checkpointVerifyFailed(r.code());
            LOG.warn("checkpoint {} does not verify: {}: {}", c.treeSize(), r.code(), r.message());
        }
        Responses.json(ctx, new VerdictJson(r.ok(), r.code().name(), r.message(), f == null ? null : f.seq(), f == null ? null : f.code().name()));
    }

    void create(Context ctx) {
        Params.of(ctx);
        if (signer == null) {
            throw new ApiProblem(409, "no-signing-key", "No signing key",
                    "this instance has no checkpoint signing key (configure one, or create checkpoints where the key is)");
        }
        if (store.head().isEmpty()) {
            throw new ApiProblem(409, "empty-log", "Empty log", "the log is empty: there is nothing to checkpoint (append an event first)");
        }
        long t0 = System.nanoTime();
        StoredCheckpoint c;
        try {
            c = checkpoints.create(signer);
        } catch (RuntimeException e) {
            metrics.checkpointCreateFailed();
            throw e;
        }
        metrics.checkpointCreated((System.nanoTime() - t0) / 1e9);
        ctx.status(201).header("Location", "/api/v1/checkpoints/" + c.treeSize());
        Responses.json(ctx, c);
    }

    void keys(Context ctx) {
        Params.of(ctx);
        Responses.json(ctx, new KeysJson(keys.stream().map(k -> new KeyJson(k.name(), HexFormat.of().formatHex(k.keyId()), k.toString()))
                .toList()));
    }

    private StoredCheckpoint find(Context ctx) {
        long size = Params.path(ctx, "treeSize", 1, Json.MAX_SAFE_INTEGER);
        return checkpoints.at(size).orElseThrow(() -> ApiProblem.notFound("no checkpoint of tree size " + size
                + " (list them with GET /api/v1/checkpoints)"));
    }

    /**
     * The signed note as text by default, with the witnesses' cosignature lines stored for it appended (so the
     * text of one tree size can grow by signature lines, and is revalidated rather than cached as immutable);
     * the fields as JSON when asked for.
     */
    private void render(Context ctx, StoredCheckpoint c, boolean immutable) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json") && !accept.contains("text/plain")) {
            Responses.send(ctx, Json.write(c).getBytes(StandardCharsets.UTF_8), Responses.JSON, null, immutable);
        } else {
            String note = cosignatures.attach(c.treeSize(), c.note());
            Responses.send(ctx, note.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", null, false);
        }
    }

    /** A page of checkpoints (each a {@link StoredCheckpoint}, written as its fields); {@code next} is JSON null on the last. */
    private record PageJson(List<StoredCheckpoint> checkpoints, Object next) {}

    private record KeyJson(String name, String keyId, String verifierKey) {}

    private record KeysJson(List<KeyJson> keys) {}

    /** The verdict of a checkpoint verification; {@code seq} and {@code finding} only when the rows are at fault. */
    private record VerdictJson(boolean ok, String code, String message, Long seq, String finding) {}
}
