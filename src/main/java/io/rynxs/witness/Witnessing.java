package io.rynxs.witness;

import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.SignedNote;
import io.rynxs.merkle.Hash32;
import io.rynxs.shipping.CheckpointWitness;
import io.rynxs.store.Cosignatures;
import io.rynxs.store.EventStore;
import io.rynxs.tlog.Policy;
import io.rynxs.witness.WitnessClient.Answer;
import io.rynxs.witness.WitnessClient.Conflict;
import io.rynxs.witness.WitnessClient.Cosigned;
import io.rynxs.witness.WitnessClient.Refused;
import io.rynxs.witness.WitnessClient.Unreachable;
import io.rynxs.witness.WitnessMetrics.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has the shipped checkpoints cosigned by the witnesses of a tlog-policy (docs/operations.md, "Witnesses"): at
 * most one round per interval, every witness asked at once with {@code add-checkpoint}, each cosignature checked
 * against the witness's key and stored before it counts. The tiled log's checkpoint object moves only to a
 * checkpoint whose cosignatures meet the policy's quorum; until then the last one that did stays published.
 *
 * <p>What each witness holds is learned from it: the first call after a start sends old size 0, a witness that
 * cosigned before answers 409 with its size, and the call is repeated once with a proof from that size.
 */
public final class Witnessing implements CheckpointWitness, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Witnessing.class);
    /** One resend after a 409 is what the protocol needs; a second 409 means the witness moved meanwhile. */
    private static final int ATTEMPTS = 3;

    private final Policy policy;
    private final EventStore store;
    private final Cosignatures cosignatures;
    private final WitnessClient client;
    private final Duration interval;
    private final Clock clock;
    private final WitnessMetrics metrics;
    private final ExecutorService calls;
    /**
     * Each witness's latest cosigned size for this origin, as far as this process has learned it. Concurrent, not
     * guarded by this object's monitor: the witness threads update it while {@link #cosign} holds the monitor and
     * waits for them.
     */
    private final Map<String, Long> known = new ConcurrentHashMap<>();
    private Instant lastRound;
    private boolean pending;

    public Witnessing(Policy policy, EventStore store, WitnessClient client, Duration interval, Clock clock, WitnessMetrics metrics) {
        if (policy.witnesses().isEmpty()) {
            throw new IllegalArgumentException("witnessing: the policy lists no witness (add witness <name> <vkey> <url> lines)");
        }
        for (Policy.Witness w : policy.witnesses()) {
            if (w.url() == null) {
                throw new IllegalArgumentException("witnessing: witness " + w.name() + " has no URL (add its submission prefix,"
                        + " e.g. witness " + w.name() + " " + w.key() + " https://witness.example/)");
            }
        }
        this.policy = policy;
        this.store = store;
        this.cosignatures = new Cosignatures(store);
        this.client = client;
        this.interval = interval;
        this.clock = clock;
        this.metrics = metrics;
        this.calls = Executors.newFixedThreadPool(policy.witnesses().size(), r -> {
            Thread t = new Thread(r, "rynxs-witness");
            t.setDaemon(true);
            return t;
        });
        metrics.witnesses(policy.witnesses().stream().map(Policy.Witness::name).toList());
    }

    @Override
    public synchronized boolean pending() {
        return pending;
    }

    @Override
    public synchronized Optional<byte[]> cosign(long size, byte[] note) {
        Instant now = clock.instant();
        if (lastRound != null && now.isBefore(lastRound.plus(interval))) {
            pending = true;
            return Optional.empty();
        }
        lastRound = now;
        String text = new String(note, StandardCharsets.UTF_8);
        String body = SignedNote.text(note);
        Map<String, Future<Optional<String>>> asked = new HashMap<>();
        Set<String> cosigned = new HashSet<>();
        for (Cosignatures.Line stored : cosignatures.of(size, body)) {
            cosigned.add(stored.witness());
        }
        for (Policy.Witness w : policy.witnesses()) {
            if (!cosigned.contains(w.name())) {
                long from = Math.min(known.getOrDefault(w.name(), 0L), size);
                asked.put(w.name(), calls.submit(() -> ask(w, from, size, note)));
            }
        }
        for (Map.Entry<String, Future<Optional<String>>> e : asked.entrySet()) {
            Optional<String> line = outcome(e.getValue());
            if (line.isPresent()) {
                known.put(e.getKey(), size);
                cosignatures.add(size, body, e.getKey(), line.get(), clock.instant());
                cosigned.add(e.getKey());
                metrics.cosigned(e.getKey());
            }
        }
        boolean met = policy.satisfied(cosigned);
        metrics.quorumMet(met);
        pending = !met;
        if (!met) {
            LOG.warn("checkpoint {} not published: cosigned by {} of {} witnesses ({}), short of quorum {}; the published checkpoint"
                    + " stays at the last cosigned one, next round in {}", size, cosigned.size(), policy.witnesses().size(),
                    cosigned.isEmpty() ? "none" : String.join(", ", new TreeSet<>(cosigned)), policy.quorum(), interval);
            return Optional.empty();
        }
        // Every line counted is stored: the note is published as the API serves it, with the stored lines attached.
        return Optional.of(cosignatures.attach(size, text).getBytes(StandardCharsets.UTF_8));
    }

    /** What {@code witness} holds, as learned (for tests and the log). */
    Optional<Long> knownSize(String witness) {
        return Optional.ofNullable(known.get(witness));
    }

    private Optional<String> outcome(Future<Optional<String>> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            LOG.warn("witness call failed: {}", e.getCause().toString());
            return Optional.empty();
        }
    }

    /** One witness's round: the verified cosignature line, or empty with the failure counted and logged. */
    private Optional<String> ask(Policy.Witness w, long from, long size, byte[] note) {
        long old = from;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<Hash32> proof = old == 0 || old == size ? List.of() : store.consistencyProof(old, size).hashes();
            Answer answer = client.addCheckpoint(w.url(), old, proof, note);
            if (answer instanceof Cosigned c) {
                return verified(w, note, c.lines());
            }
            if (answer instanceof Refused r) {
                return fail(w, failure(r.status()), r.status() + " " + r.body());
            }
            if (answer instanceof Unreachable u) {
                return fail(w, Failure.UNAVAILABLE, u.why());
            }
            long theirs = ((Conflict) answer).size();
            if (theirs > size) {
                return fail(w, Failure.WITNESS_AHEAD, "it has cosigned size " + theirs + " of this origin, beyond checkpoint "
                        + size + " (another writer, or a fork of this log: compare its checkpoint with ours)");
            }
            if (theirs == old) {
                return fail(w, Failure.CONFLICT, "409 naming the old size " + old + " that was sent (the witness is inconsistent)");
            }
            known.put(w.name(), theirs);
            old = theirs;
        }
        return fail(w, Failure.CONFLICT, "409 " + ATTEMPTS + " times in a row (its size keeps moving: another log writer?)");
    }

    /** The first line of {@code answer} that is a good cosignature by {@code w} over {@code note}'s body. */
    private Optional<String> verified(Policy.Witness w, byte[] note, String answer) {
        List<String> candidates = new ArrayList<>();
        for (String line : answer.split("(?<=\n)")) {
            if (line.startsWith("\u2014 " + w.key().name() + " ") && line.endsWith("\n")) {
                candidates.add(line);
            }
        }
        for (String line : candidates) {
            byte[] one = (new String(note, StandardCharsets.UTF_8) + line).getBytes(StandardCharsets.UTF_8);
            try {
                if (!SignedNote.signers(one, List.of(w.key())).isEmpty()) {
                    return Optional.of(line);
                }
            } catch (CheckpointException e) {
                // A line that names the witness's key but does not verify: try the next one, then report.
            }
        }
        return fail(w, Failure.BAD_COSIGNATURE, candidates.isEmpty() ? "200 without a signature line by " + w.key().name()
                + ": " + WitnessClient.preview(answer) : "200 with no line that verifies against its key " + w.key());
    }

    private static Failure failure(int status) {
        return switch (status) {
            case 403 -> Failure.FORBIDDEN;
            case 404 -> Failure.UNKNOWN_LOG;
            case 409 -> Failure.CONFLICT;
            case 422 -> Failure.BAD_PROOF;
            default -> status >= 500 || status == 429 ? Failure.UNAVAILABLE : Failure.BAD_REQUEST;
        };
    }

    private Optional<String> fail(Policy.Witness w, Failure reason, String detail) {
        metrics.failed(w.name(), reason);
        LOG.warn("witness {} ({}) did not cosign: {}: {}", w.name(), w.url(), reason.label(), detail);
        return Optional.empty();
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
