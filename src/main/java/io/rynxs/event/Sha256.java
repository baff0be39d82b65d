package io.rynxs.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests and the lowercase hex text form used for every hash in the log. */
public final class Sha256 {
    /** The {@code prev} of the first event: 64 zeros. */
    public static final String ZERO_HEX = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {}

    public static byte[] digest(byte[] data) {
        return DIGEST.get().digest(data);
    }

    public static String hex(byte[] data) {
        return HEX.formatHex(digest(data));
    }

    /**
     * The hex digest of {@code text}'s UTF-8 bytes. ASCII text (every content hash of a replay) is encoded
     * into a per-thread buffer instead of a new array; anything else goes through {@link String#getBytes}.
     */
    public static String hexOfText(CharSequence text) {
        int n = text.length();
        byte[] buffer = TEXT_BUFFER.get();
        if (buffer.length < n) {
            buffer = new byte[Math.max(n, 2 * buffer.length)];
            if (n <= MAX_KEPT_BUFFER) {
                TEXT_BUFFER.set(buffer);
            }
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return hex(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            buffer[i] = (byte) c;
        }
        MessageDigest digest = DIGEST.get();
        digest.update(buffer, 0, n);
        return HEX.formatHex(digest.digest());
    }

    private static final ThreadLocal<byte[]> TEXT_BUFFER = ThreadLocal.withInitial(() -> new byte[4096]);
    private static final int MAX_KEPT_BUFFER = 1 << 16;

    public static String toHex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Parses 64 lowercase hex characters into 32 bytes. */
    public static byte[] fromHex(String hex) {
        if (!isHash(hex)) {
            throw new InvalidEventException("hash " + EventType.quote(hex) + " is not 64 lowercase hex characters");
        }
        return HEX.parseHex(hex);
    }

    /** Whether {@code s} is 64 lowercase hex characters: the form of every hash in the log. */
    public static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        // One table lookup per character: this runs for several hashes of every event replay reads.
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (c >= LOWER_HEX.length || !LOWER_HEX[c]) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] LOWER_HEX = new boolean['f' + 1];

    static {
        for (char c = '0'; c <= '9'; c++) {
            LOWER_HEX[c] = true;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            LOWER_HEX[c] = true;
        }
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
