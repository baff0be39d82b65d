package io.rynxs.store;

/**
 * The outcome of verifying a range of the chain: how many events checked, the head reached, and, when
 * it failed, the first bad seq and why.
 */
public record VerifyResult(boolean ok, long checked, long headSeq, String head, long failedSeq, String reason) {
    static VerifyResult passed(long checked, long headSeq, String head) {
        return new VerifyResult(true, checked, headSeq, head, 0, null);
    }

    static VerifyResult failed(long checked, long headSeq, String head, long failedSeq, String reason) {
        return new VerifyResult(false, checked, headSeq, head, failedSeq, reason);
    }
}
