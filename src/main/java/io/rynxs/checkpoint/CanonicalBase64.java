package io.rynxs.checkpoint;

import java.util.Base64;
import java.util.Optional;

/**
 * Standard base64 with padding, accepted only in its one canonical spelling.
 *
 * <p>The JDK decoder also takes unpadded input and non-zero trailing bits; rejecting both means every
 * key, root and signature has exactly one textual form, so equal values give byte-equal notes.
 */
final class CanonicalBase64 {

    private CanonicalBase64() {
    }

    static Optional<byte[]> decode(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
