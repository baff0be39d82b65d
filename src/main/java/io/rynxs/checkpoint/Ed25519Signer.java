package io.rynxs.checkpoint;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A {@link Signer} holding an Ed25519 key in memory, loaded from a seed or PKCS#8 PEM.
 *
 * <p>PKCS#8 carries no key name, so every factory takes the name explicitly; {@link KeyFiles} finds it
 * in {@code verifier.vkey}. {@link #toString()} never shows the private key.
 */
public final class Ed25519Signer implements Signer {

    private static final String SIGNER_KEY_PREFIX = "PRIVATE+KEY+";

    private final byte[] seed;
    private final PrivateKey privateKey;
    private final VerifierKey verifierKey;

    private Ed25519Signer(String name, byte[] seed) {
        Objects.requireNonNull(name, "name");
        this.seed = seed.clone();
        this.privateKey = Ed25519.privateKey(this.seed);
        this.verifierKey = VerifierKey.of(name, Ed25519.publicKey(this.seed));
    }

    /** The signer for a raw 32-byte RFC 8032 private key (seed). */
    public static Ed25519Signer fromSeed(String name, byte[] seed) {
        return new Ed25519Signer(name, Objects.requireNonNull(seed, "seed"));
    }

    /** The signer for PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}). */
    public static Ed25519Signer fromPem(String name, String pem) {
        byte[] seed = Pkcs8Pem.decodeSeed(Objects.requireNonNull(pem, "pem"));
        try {
            return new Ed25519Signer(name, seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * The signer for a Go/C2SP signer key string, {@code PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>},
     * as printed by golang.org/x/mod/sumdb/note; the key ID must match the derived public key.
     */
    public static Ed25519Signer fromSignerKey(String signerKey) {
        Objects.requireNonNull(signerKey, "signerKey");
        String hint = " (expected PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 ‖ 32-byte seed)>)";
        String[] parts = signerKey.startsWith(SIGNER_KEY_PREFIX)
                ? signerKey.substring(SIGNER_KEY_PREFIX.length()).split("\\+", 3) : new String[0];
        if (parts.length != 3) {
            throw new IllegalArgumentException("parse signer key: not five '+'-separated parts starting PRIVATE+KEY" + hint);
        }
        byte[] keyData = CanonicalBase64.decode(parts[2])
                .filter(d -> d.length == 1 + Ed25519.SEED_BYTES && d[0] == VerifierKey.ALGORITHM_ED25519)
                .orElseThrow(() -> new IllegalArgumentException("parse signer key " + parts[0]
                        + ": key is not base64 of 0x01 and a 32-byte seed" + hint));
        Ed25519Signer signer = new Ed25519Signer(parts[0], Arrays.copyOfRange(keyData, 1, keyData.length));
        Arrays.fill(keyData, (byte) 0);
        if (!HexFormat.of().formatHex(signer.verifierKey.keyId()).equals(parts[1])) {
            throw new IllegalArgumentException("parse signer key " + parts[0] + ": key ID " + parts[1]
                    + " does not match the key (the string was altered; copy it again)");
        }
        return signer;
    }

    /** A fresh key from the platform's strong random source. */
    public static Ed25519Signer generate(String name) {
        byte[] seed = new byte[Ed25519.SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        try {
            return new Ed25519Signer(name, seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The private key as PKCS#8 PEM text; write it only to a file readable by its owner alone. */
    public String toPem() {
        return Pkcs8Pem.encode(seed);
    }

    @Override
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        return Ed25519.sign(privateKey, Objects.requireNonNull(message, "message"));
    }

    @Override
    public String toString() {
        return "Ed25519Signer[" + verifierKey + "]";
    }
}
