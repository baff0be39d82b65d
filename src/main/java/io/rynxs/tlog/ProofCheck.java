package io.rynxs.tlog;

import io.rynxs.checkpoint.Checkpoint;
import io.rynxs.checkpoint.CheckpointCode;
import io.rynxs.checkpoint.CheckpointException;
import io.rynxs.checkpoint.CosignerKey;
import io.rynxs.checkpoint.SignedNote;
import io.rynxs.event.Event;
import io.rynxs.event.InvalidEventException;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.merkle.ProofException;
import io.rynxs.segment.CanonicalLine;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The offline check of a {@link ProofFile} against a {@link Policy}, in the order tlog-proof gives: the entry
 * (the event in {@code extra}, or the event hash the auditor supplies), the checkpoint's log signature, the
 * witnesses' cosignatures against the quorum, and the inclusion path from the entry's leaf to the signed root.
 * No database, no network.
 */
public final class ProofCheck {

    /** What failed, first failure wins. */
    public enum Code { OK, MALFORMED, NO_ENTRY, EVENT_INVALID, UNKNOWN_LOG, BAD_SIGNATURE, QUORUM_NOT_MET, INCLUSION_FAILED }

    /**
     * The verdict. {@code seq} is {@code index + 1}; {@code cosigners} are the policy names of the witnesses
     * whose cosignatures verified; {@code event} is the event from {@code extra}, when there is one.
     */
    public record Report(boolean ok, Code code, String message, long seq, long treeSize, String origin, List<String> cosigners,
                         Event event) {}

    private ProofCheck() {
    }

    /** @param entryHash the event hash the auditor holds, or null to take the event from the file's {@code extra} */
    public static Report verify(byte[] file, Policy policy, byte[] entryHash) {
        ProofFile proof;
        try {
            proof = ProofFile.parse(file);
        } catch (IllegalArgumentException e) {
            return fail(Code.MALFORMED, e.getMessage(), -1, -1, null, List.of(), null);
        }
        long seq = proof.index() + 1;
        Event event = null;
        byte[] entry = entryHash;
        if (proof.extra() != null) {
            try {
                event = CanonicalLine.event(proof.extra());
            } catch (InvalidEventException e) {
                return fail(Code.EVENT_INVALID, "the event in extra: " + e.getMessage(), seq, -1, null, List.of(), null);
            }
            if (event.seq() != seq) {
                return fail(Code.EVENT_INVALID, "the event in extra has seq " + event.seq() + " but the proof is for index " + proof.index()
                        + " (seq " + seq + ")", seq, -1, null, List.of(), event);
            }
            if (entry != null && !HexFormat.of().formatHex(entry).equals(event.hash())) {
                return fail(Code.EVENT_INVALID, "the event in extra has hash " + event.hash() + ", not the "
                        + HexFormat.of().formatHex(entry) + " given", seq, -1, null, List.of(), event);
            }
            entry = event.hashBytes();
        }
        if (entry == null) {
            return fail(Code.NO_ENTRY, "the file has no extra line and no event hash was given (pass --event or --hash)", seq, -1, null,
                    List.of(), null);
        }
        String text;
        try {
            text = SignedNote.text(proof.checkpoint());
        } catch (CheckpointException e) {
            return fail(Code.MALFORMED, "the checkpoint: " + e.getMessage(), seq, -1, null, List.of(), event);
        }
        String origin = text.substring(0, text.indexOf('\n'));
        List<Policy.Log> logs = policy.logs().stream().filter(l -> l.key().name().equals(origin)).toList();
        if (logs.isEmpty()) {
            return fail(Code.UNKNOWN_LOG, "the checkpoint's origin " + origin + " is not a log of the policy (its log lines name "
                    + policy.logs().stream().map(l -> l.key().name()).toList() + ")", seq, -1, origin, List.of(), event);
        }
        Checkpoint checkpoint = null;
        CheckpointException last = null;
        for (Policy.Log log : logs) {
            try {
                checkpoint = Checkpoint.open(proof.checkpoint(), log.key());
                break;
            } catch (CheckpointException e) {
                last = e;
            }
        }
        if (checkpoint == null) {
            Code code = last.code() == CheckpointCode.MALFORMED ? Code.MALFORMED : Code.BAD_SIGNATURE;
            return fail(code, "the checkpoint: " + last.getMessage(), seq, -1, origin, List.of(), event);
        }
        List<String> cosigners = new ArrayList<>();
        try {
            List<CosignerKey> keys = policy.witnesses().stream().map(Policy.Witness::key).toList();
            Set<CosignerKey> good = new LinkedHashSet<>(SignedNote.signers(proof.checkpoint(), keys));
            for (Policy.Witness w : policy.witnesses()) {
                if (good.contains(w.key())) {
                    cosigners.add(w.name());
                }
            }
        } catch (CheckpointException e) {
            return fail(Code.BAD_SIGNATURE, "a cosignature: " + e.getMessage(), seq, checkpoint.treeSize(), origin, List.of(), event);
        }
        if (!policy.satisfied(Set.copyOf(cosigners))) {
            return fail(Code.QUORUM_NOT_MET, "cosigned by " + (cosigners.isEmpty() ? "no witness of the policy" : cosigners)
                    + ", which does not meet quorum " + policy.quorum(), seq, checkpoint.treeSize(), origin, cosigners, event);
        }
        if (seq > checkpoint.treeSize()) {
            return fail(Code.INCLUSION_FAILED, "index " + proof.index() + " is not in a tree of " + checkpoint.treeSize() + " entries", seq,
                    checkpoint.treeSize(), origin, cosigners, event);
        }
        try {
            new InclusionProof(proof.index(), checkpoint.treeSize(), proof.hashes())
                    .verify(new Hash32(MerkleHasher.leafHash(entry)), new Hash32(checkpoint.root()));
        } catch (ProofException | IllegalArgumentException e) {
            return fail(Code.INCLUSION_FAILED, "the inclusion proof: " + e.getMessage(), seq, checkpoint.treeSize(), origin, cosigners, event);
        }
        String what = event == null ? "entry " + HexFormat.of().formatHex(entry) : "event " + event.type() + " of " + event.aggregate();
        return new Report(true, Code.OK, what + " is at seq " + seq + " in the tree of " + checkpoint.treeSize() + " signed by " + origin
                + (cosigners.isEmpty() ? "" : ", cosigned by " + cosigners), seq, checkpoint.treeSize(), origin, cosigners, event);
    }

    private static Report fail(Code code, String message, long seq, long treeSize, String origin, List<String> cosigners, Event event) {
        return new Report(false, code, message, seq, treeSize, origin, cosigners, event);
    }
}
