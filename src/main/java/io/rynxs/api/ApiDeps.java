package io.rynxs.api;

import io.rynxs.checkpoint.Signer;
import io.rynxs.checkpoint.VerifierKey;
import io.rynxs.event.JsonLimits;
import io.rynxs.store.Checkpoints;
import io.rynxs.store.EventStore;
import io.rynxs.store.LogAudit;
import io.rynxs.store.StateHistory;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the API serves and with what: the open store and its companions, the checkpoint keys, and the
 * hooks the {@code serve} command plugs in. Start from {@link #of} and add what the deployment has.
 *
 * @param signer signs {@code POST /checkpoints}; null when this instance has no signing key
 * @param verifierKeys published on {@code /keys} and used by {@code /checkpoints/{n}/verify}
 * @param limits payload and meta limits for {@code POST /events}
 * @param epoch the writer's leadership epoch for appends (0 without leader election)
 * @param authenticator null to build one from {@link ApiConfig#authMode()}
 * @param readiness extra readiness (leader/follower, lag) beyond "store open"
 * @param writable whether this instance takes appends now (false on a follower: {@code POST /events} answers 503)
 * @param audit the audit {@code GET /verify} runs (the serve command adds the sink's commitments to it)
 */
public record ApiDeps(EventStore store, StateHistory history, Checkpoints checkpoints, Signer signer,
                      List<VerifierKey> verifierKeys, JsonLimits limits, LongSupplier epoch, Authenticator authenticator,
                      HttpMetrics metrics, Supplier<Readiness> readiness, BooleanSupplier writable,
                      Supplier<LogAudit> audit) {
    public ApiDeps {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(checkpoints, "checkpoints");
        verifierKeys = List.copyOf(verifierKeys);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(writable, "writable");
    }

    /** The audit of {@code GET /verify}: by default the rows against the stored commitments, signatures checked with the first key. */
    @Override
    public Supplier<LogAudit> audit() {
        if (audit != null) {
            return audit;
        }
        VerifierKey key = verifierKeys.isEmpty() ? null : verifierKeys.get(0);
        return () -> new LogAudit(store, history, key);
    }

    /** No signer or keys, default JSON limits, epoch 0, auth from the config, no metrics, ready once open. */
    public static ApiDeps of(EventStore store, StateHistory history, Checkpoints checkpoints) {
        return new ApiDeps(store, history, checkpoints, null, List.of(), JsonLimits.DEFAULT, () -> 0, null, HttpMetrics.NONE,
                () -> Readiness.ready("no further checks"), () -> true, null);
    }

    public ApiDeps withSigner(Signer s) {
        List<VerifierKey> keys = verifierKeys.contains(s.verifierKey()) ? verifierKeys
                : Stream.concat(verifierKeys.stream(), Stream.of(s.verifierKey())).toList();
        return new ApiDeps(store, history, checkpoints, s, keys, limits, epoch, authenticator, metrics, readiness, writable, audit);
    }

    public ApiDeps withVerifierKeys(List<VerifierKey> keys) {
        return new ApiDeps(store, history, checkpoints, signer, keys, limits, epoch, authenticator, metrics, readiness, writable, audit);
    }

    public ApiDeps withLimits(JsonLimits l) {
        return new ApiDeps(store, history, checkpoints, signer, verifierKeys, l, epoch, authenticator, metrics, readiness, writable, audit);
    }

    public ApiDeps withEpoch(LongSupplier e) {
        return new ApiDeps(store, history, checkpoints, signer, verifierKeys, limits, e, authenticator, metrics, readiness, writable, audit);
    }

    public ApiDeps withAuthenticator(Authenticator a) {
        return new ApiDeps(store, history, checkpoints, signer, verifierKeys, limits, epoch, a, metrics, readiness, writable, audit);
    }

    public ApiDeps withMetrics(HttpMetrics m) {
        return new ApiDeps(store, history, checkpoints, signer, verifierKeys, limits, epoch, authenticator, m, readiness, writable, audit);
    }

    public ApiDeps withReadiness(Supplier<Readiness> r) {
        return new ApiDeps(store, history, checkpoints, signer, verifierKeys, limits, epoch, authenticator, metrics, r, writable, audit);
    }

    public ApiDeps withAudit(Supplier<LogAudit> a) {
        return new ApiDeps(store, history, checkpoints, signer, verifierKeys, limits, epoch, authenticator, metrics, readiness, writable, a);
    }

    public ApiDeps withWritable(BooleanSupplier w) {
        return new ApiDeps(store, history, checkpoints, signer, verifierKeys, limits, epoch, authenticator, metrics, readiness, w, audit);
    }
}
