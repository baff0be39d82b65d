package io.rynxs.checkpoint;

import java.util.Objects;

/** The verdict of {@link CheckpointVerification}: {@code ok} exactly when {@code code} is {@link CheckpointCode#OK}. */
public record VerificationResult(boolean ok, CheckpointCode code, String message) {

    public VerificationResult {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (ok != (code == CheckpointCode.OK)) {
            throw new IllegalArgumentException(
                    "VerificationResult: ok=" + ok + " contradicts code " + code + " (ok holds exactly for OK)");
        }
    }

    static VerificationResult success(String message) {
        return new VerificationResult(true, CheckpointCode.OK, message);
    }

    static VerificationResult failure(CheckpointCode code, String message) {
        return new VerificationResult(false, code, message);
    }
}
