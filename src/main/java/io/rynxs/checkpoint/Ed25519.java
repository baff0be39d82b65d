package io.rynxs.checkpoint;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/** The JDK's Ed25519 (SunEC), reduced to raw 32-byte seeds, 32-byte public keys and 64-byte signatures. */
final class Ed25519 {

    static final int SEED_BYTES = 32;
    static final int PUBLIC_KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;

    /** SubjectPublicKeyInfo header for Ed25519 (RFC 8410); the raw key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519() {
    }

    /**
     * Derives the public key of {@code seed}.
     *
     * <p>JDK 17 has no API for this, but its generator takes the private key as exactly 32 bytes from
     * the SecureRandom and derives the public key from them (RFC 8032 §5.1.5). Feeding it the seed makes
     * derivation deterministic; the guard below fails loudly should a later JDK draw bytes differently,
     * and the signed-note reference vector test pins the result.
     */
    static byte[] publicKey(byte[] seed) {
        checkLength(seed, SEED_BYTES, "seed");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            byte[] encoded = generator.generateKeyPair().getPublic().getEncoded();
            if (encoded.length != X509_PREFIX.length + PUBLIC_KEY_BYTES
                    || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
                throw new IllegalStateException("derive Ed25519 public key: unexpected X.509 encoding from the JDK"
                        + " (run on a JDK whose SunEC provider encodes keys per RFC 8410)");
            }
            return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("derive Ed25519 public key: " + e.getMessage()
                    + " (run on a JDK 17+ with the SunEC provider)", e);
        }
    }

    static PrivateKey privateKey(byte[] seed) {
        checkLength(seed, SEED_BYTES, "seed");
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("load Ed25519 private key: " + e.getMessage()
                    + " (run on a JDK 17+ with the SunEC provider)", e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sign with Ed25519: " + e.getMessage()
                    + " (run on a JDK 17+ with the SunEC provider)", e);
        }
    }

    /** False for any bad input, including a public key that is not a curve point. */
    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(toPublicKey(publicKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether the JDK accepts {@code publicKey} as an Ed25519 point; it decodes points only on use. */
    static boolean isValidPublicKey(byte[] publicKey) {
        try {
            Signature.getInstance("Ed25519").initVerify(toPublicKey(publicKey));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PublicKey toPublicKey(byte[] raw) throws GeneralSecurityException {
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    private static void checkLength(byte[] bytes, int expected, String what) {
        if (bytes == null || bytes.length != expected) {
            throw new IllegalArgumentException("Ed25519 " + what + ": must be " + expected + " bytes, got "
                    + (bytes == null ? "null" : bytes.length) + " (pass the raw key, not an encoded form)");
        }
    }

    /** Hands out the seed once, as the generator's 32 "random" bytes, and refuses anything else. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            if (seed == null || bytes.length != seed.length) {
                throw new IllegalStateException("derive Ed25519 public key: the JDK asked for "
                        + bytes.length + " random bytes instead of one 32-byte seed"
                        + " (this JDK derives keys differently; derivation must be revisited)");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
            Arrays.fill(seed, (byte) 0);
            seed = null;
        }
    }
}
