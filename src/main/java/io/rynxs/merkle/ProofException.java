package io.rynxs.merkle;

/** A Merkle proof that does not verify; the message says which check failed and what to do about it. */
public final class ProofException extends Exception {

    /** Creates the exception with a message in the form {@code <operation> <subject>: <what is wrong> (<what to do>)}. */
    public ProofException(String message) {
        super(message);
    }
}
