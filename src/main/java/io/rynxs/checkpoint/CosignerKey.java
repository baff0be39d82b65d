package io.rynxs.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A witness's Ed25519 cosigner key (C2SP tlog-cosignature, signature type 0x04), in vkey form
 * {@code <name>+<8 hex key ID>+<base64(0x04 ‖ key)>}. Its signatures are {@code timestamped_signature}s: a
 * big-endian u64 POSIX time, then an Ed25519 signature over {@code "cosignature/v1\ntime <t>\n"} followed by the
 * checkpoint's note text. Used as a {@link NoteVerifier}, it checks a cosignature line of a checkpoint.
 */
public record CosignerKey(String name, byte[] keyId, byte[] publicKey) implements NoteVerifier {
    /** Signed-note signature type of timestamped Ed25519 checkpoint cosignatures. */
    public static final byte TYPE = 0x04;
    /** A timestamped signature's bytes: 8 for the time, 64 for Ed25519. */
    public static final int SIGNATURE_BYTES = 8 + Ed25519.SIGNATURE_BYTES;
    private static final String HINT = "expected <name>+<8 hex key ID>+<base64(0x04 ‖ 32-byte Ed25519 key)>";

    public CosignerKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        if (!VerifierKey.isValidName(name)) {
            throw new IllegalArgumentException("cosigner key \"" + name + "\": invalid name (a key name is non-empty, without whitespace or '+')");
        }
        if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES || !Ed25519.isValidPublicKey(publicKey)) {
            throw new IllegalArgumentException("cosigner key " + name + ": public key is not a 32-byte Ed25519 point (" + HINT + ")");
        }
        keyId = keyId.clone();
        publicKey = publicKey.clone();
        byte[] expected = VerifierKey.keyId(name, TYPE, publicKey);
        if (!Arrays.equals(keyId, expected)) {
            throw new IllegalArgumentException("cosigner key " + name + ": key ID " + HexFormat.of().formatHex(keyId)
                    + " does not match the computed " + HexFormat.of().formatHex(expected) + " (the name or key was altered)");
        }
    }

    public static CosignerKey of(String name, byte[] publicKey) {
        return new CosignerKey(name, VerifierKey.keyId(name, TYPE, publicKey), publicKey);
    }

    /** Parses a vkey of type 0x04; throws {@link IllegalArgumentException} naming the part that is wrong. */
    public static CosignerKey parse(String text) {
        String[] parts = text.split("\\+", 3);
        if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("parse cosigner key \"" + text + "\": not <name>+<8 hex>+<base64> (" + HINT + ")");
        }
        byte[] data = CanonicalBase64.decode(parts[2]).orElseThrow(() -> new IllegalArgumentException(
                "parse cosigner key \"" + text + "\": key is not canonical standard base64 (" + HINT + ")"));
        if (data.length != 1 + Ed25519.PUBLIC_KEY_BYTES || data[0] != TYPE) {
            throw new IllegalArgumentException("parse cosigner key \"" + text + "\": key data is "
                    + (data.length == 0 ? "empty" : data.length + " bytes of type 0x" + HexFormat.of().toHexDigits(data[0]))
                    + ", not 33 bytes of type 0x04 (only Ed25519 cosignatures, tlog-cosignature's 0x04, are supported; " + HINT + ")");
        }
        return new CosignerKey(parts[0], HexFormat.of().parseHex(parts[1]), Arrays.copyOfRange(data, 1, data.length));
    }

    /** The bytes a cosignature at {@code timestamp} signs over the note text {@code body}. */
    public static byte[] message(long timestamp, byte[] body) {
        byte[] header = ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        return out;
    }

    /** The timestamp of a timestamped signature (without its key ID), or -1 if it is not {@value #SIGNATURE_BYTES} bytes. */
    public static long timestamp(byte[] signature) {
        return signature.length == SIGNATURE_BYTES ? ByteBuffer.wrap(signature, 0, 8).getLong() : -1;
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Whether {@code signature} is a valid timestamped cosignature of note text {@code message}; a zero or negative time is refused. */
    @Override
    public boolean verify(byte[] message, byte[] signature) {
        long t = timestamp(signature);
        if (t <= 0) {
            return false;
        }
        return Ed25519.verify(publicKey, message(t, message), Arrays.copyOfRange(signature, 8, SIGNATURE_BYTES));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CosignerKey that && name.equals(that.name) && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        byte[] data = new byte[1 + publicKey.length];
        data[0] = TYPE;
        System.arraycopy(publicKey, 0, data, 1, publicKey.length);
        return name + "+" + HexFormat.of().formatHex(keyId) + "+" + CanonicalBase64.encode(data);
    }
}
