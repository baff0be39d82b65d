package io.rynxs.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A named Ed25519 public key in C2SP signed-note form, {@code <name>+<8 hex key ID>+<base64(0x01 ‖ key)>}.
 *
 * <p>The key ID is always the one computed from name and key, so a record can never pair them wrongly.
 */
public record VerifierKey(String name, byte[] keyId, byte[] publicKey) implements NoteVerifier {

    /** Signed-note algorithm byte for Ed25519. */
    static final byte ALGORITHM_ED25519 = 0x01;
    private static final String HINT = "expected <name>+<8 hex key ID>+<base64(0x01 ‖ 32-byte public key)>";

    public VerifierKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("verifier key \"" + name
                    + "\": invalid name (a key name is non-empty, without whitespace or '+')");
        }
        if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES || !Ed25519.isValidPublicKey(publicKey)) {
            throw new IllegalArgumentException("verifier key " + name
                    + ": public key is not a 32-byte Ed25519 point (" + HINT + ")");
        }
        keyId = keyId.clone();
        publicKey = publicKey.clone();
        byte[] expected = keyId(name, publicKey);
        if (!Arrays.equals(keyId, expected)) {
            throw new IllegalArgumentException("verifier key " + name + ": key ID " + HexFormat.of().formatHex(keyId)
                    + " does not match the computed " + HexFormat.of().formatHex(expected)
                    + " (the name or key was altered; copy the key string again from verifier.vkey)");
        }
    }

    /** The key for {@code name} and a raw 32-byte public key, with its computed key ID. */
    public static VerifierKey of(String name, byte[] publicKey) {
        return new VerifierKey(name, keyId(name, Objects.requireNonNull(publicKey, "publicKey")), publicKey);
    }

    /** First 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), per C2SP signed-note. */
    public static byte[] keyId(String name, byte[] publicKey) {
        return keyId(name, ALGORITHM_ED25519, publicKey);
    }

    /** First 4 bytes of SHA-256(name ‖ 0x0A ‖ type ‖ public key): the signed-note key ID for a signature type. */
    static byte[] keyId(String name, byte type, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(type);
            sha256.update(publicKey);
            return Arrays.copyOf(sha256.digest(), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("compute key ID: SHA-256 is missing (every JDK has it)", e);
        }
    }

    /** Parses a key string; throws {@link IllegalArgumentException} naming the part that is wrong. */
    public static VerifierKey parse(String text) {
        Objects.requireNonNull(text, "text");
        // At most three parts: base64 may itself contain '+'.
        String[] parts = text.split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("parse verifier key \"" + text + "\": has " + parts.length
                    + " '+'-separated parts, not 3 (" + HINT + ")");
        }
        String name = parts[0];
        if (!isValidName(name)) {
            throw new IllegalArgumentException("parse verifier key \"" + text
                    + "\": invalid name (a key name is non-empty, without whitespace or '+')");
        }
        if (!parts[1].matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("parse verifier key \"" + text + "\": key ID \"" + parts[1]
                    + "\" is not 8 lowercase hex digits (" + HINT + ")");
        }
        byte[] keyData = CanonicalBase64.decode(parts[2]).orElseThrow(() -> new IllegalArgumentException(
                "parse verifier key \"" + text + "\": key is not canonical standard base64 (" + HINT + ")"));
        if (keyData.length != 1 + Ed25519.PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("parse verifier key \"" + text + "\": key data is "
                    + keyData.length + " bytes, not 33 (" + HINT + ")");
        }
        if (keyData[0] != ALGORITHM_ED25519) {
            throw new IllegalArgumentException("parse verifier key \"" + text + "\": algorithm byte is 0x"
                    + HexFormat.of().toHexDigits(keyData[0]) + ", not 0x01 Ed25519 (only Ed25519 keys are supported)");
        }
        byte[] publicKey = Arrays.copyOfRange(keyData, 1, keyData.length);
        return new VerifierKey(name, HexFormat.of().parseHex(parts[1]), publicKey);
    }

    /** C2SP key names: non-empty, valid text, no Unicode whitespace and no '+'. */
    static boolean isValidName(String name) {
        return !name.isEmpty() && name.codePoints().noneMatch(cp -> cp == '+'
                || Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85
                || Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE);
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519.verify(publicKey, message, signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifierKey that && name.equals(that.name) && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(publicKey);
    }

    /** The key string, ready to publish or pass on the command line. */
    @Override
    public String toString() {
        byte[] keyData = new byte[1 + publicKey.length];
        keyData[0] = ALGORITHM_ED25519;
        System.arraycopy(publicKey, 0, keyData, 1, publicKey.length);
        return name + "+" + HexFormat.of().formatHex(keyId) + "+" + CanonicalBase64.encode(keyData);
    }
}
