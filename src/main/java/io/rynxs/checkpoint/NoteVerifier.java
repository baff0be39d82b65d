package io.rynxs.checkpoint;

/** A key that checks signed-note signatures; {@link VerifierKey} is the file-based one. */
public interface NoteVerifier {

    /** Key name as it appears on signature lines; for a log it equals the origin. */
    String name();

    /** The 4-byte key ID that, with the name, selects this verifier for a signature line. */
    byte[] keyId();

    /** Whether {@code signature} (without the key ID prefix) signs {@code message}; never throws for bad input. */
    boolean verify(byte[] message, byte[] signature);
}
