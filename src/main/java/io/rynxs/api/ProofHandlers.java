package io.rynxs.api;

import io.javalin.http.Context;
import io.rynxs.event.Json;
import io.rynxs.merkle.ConsistencyProof;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.merkle.ProofException;
import io.rynxs.merkle.ProofJson;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.ProofExport;

/**
 * {@code /proofs}: RFC 6962 inclusion and consistency proofs, checked against the log's own roots
 * before they are sent, so the API never hands out a proof that does not verify.
 */
final class ProofHandlers {
    /** The media type a tlog-proof file is served as (the spec names none; it is text). */
    static final String TLOG_PROOF = "text/plain; charset=utf-8";

    private final EventStore store;
    private final ProofExport export;

    ProofHandlers(EventStore store, Checkpoints checkpoints) {
        this.store = store;
        this.export = new ProofExport(store, checkpoints);
    }

    /** The C2SP tlog-proof file of one event; revalidated, since a newer cosigned checkpoint may take over. */
    void file(Context ctx) {
        Params.of(ctx);
        long seq = Params.path(ctx, "seq", 1, Json.MAX_SAFE_INTEGER);
        byte[] body;
        try {
            body = export.of(seq).toBytes();
        } catch (ProofExport.NoProof e) {
            throw ApiProblem.notFound(e.getMessage());
        }
        ctx.header("Content-Disposition", "attachment; filename=\"seq-" + seq + ".tlog-proof\"");
        Responses.send(ctx, body, TLOG_PROOF, null, false);
    }

    void inclusion(Context ctx) {
        Params p = Params.of(ctx, "seq", "treeSize");
        long head = store.head().seq();
        long treeSize = p.number("treeSize", 1, Json.MAX_SAFE_INTEGER);
        long seq = p.number("seq", 1, treeSize);
        ensureReached(treeSize, head);
        Hash32 root = store.root(treeSize);
        InclusionProof proof = store.checkedInclusionProof(seq, treeSize, root);
        ProofJson.Inclusion body = ProofJson.Inclusion.of(seq, proof, root);
        Responses.immutableJson(ctx, body);
    }

    void consistency(Context ctx) {
        Params p = Params.of(ctx, "from", "to");
        long head = store.head().seq();
        long to = p.number("to", 1, Json.MAX_SAFE_INTEGER);
        long from = p.number("from", 1, to);
        ensureReached(to, head);
        ConsistencyProof proof = store.consistencyProof(from, to);
        Hash32 fromRoot = store.root(from);
        Hash32 toRoot = store.root(to);
        check(() -> proof.verify(fromRoot, toRoot), "consistency proof from " + from + " to " + to);
        ProofJson.Consistency body = ProofJson.Consistency.of(proof, fromRoot, toRoot);
        Responses.immutableJson(ctx, body);
    }

    private static void ensureReached(long size, long head) {
        if (size > head) {
            throw ApiProblem.notFound("tree size " + size + " is beyond the head (allowed: 1.." + head + ")");
        }
    }

    private interface ProofCheck {
        void run() throws ProofException;
    }

    private static void check(ProofCheck check, String what) {
        try {
            check.run();
        } catch (ProofException e) {
            throw new IllegalStateException(what + " does not verify against the log's roots: " + e.getMessage()
                    + " (the Merkle tables disagree with the events; run rynxs verify)", e);
        }
    }
}
