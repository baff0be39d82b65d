package io.rynxs.checkpoint;

import java.util.Objects;

/** Untrusted note or checkpoint bytes that could not be opened, with a stable {@link CheckpointCode}. */
public final class CheckpointException extends RuntimeException {

    private final CheckpointCode code;

    public CheckpointException(CheckpointCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        if (code == CheckpointCode.OK) {
            throw new IllegalArgumentException("CheckpointException: code OK is not a failure");
        }
    }

    public CheckpointCode code() {
        return code;
    }
}
