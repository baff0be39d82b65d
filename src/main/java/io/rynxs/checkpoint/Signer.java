package io.rynxs.checkpoint;

/** A key that signs note text: a key file now ({@link Ed25519Signer}), a KMS key later. */
public interface Signer {

    /** The public half, whose name and key ID go onto each signature line. */
    VerifierKey verifierKey();

    /** The raw 64-byte Ed25519 signature over {@code message}. */
    byte[] sign(byte[] message);
}
