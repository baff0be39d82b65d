package io.rynxs.merkle;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An immutable 32-byte SHA-256 hash, compared by value, written as lowercase hex. */
public record Hash32(byte[] bytes) {

    private static final HexFormat HEX = HexFormat.of();

    /** Copies {@code bytes} so that later changes to the caller's array cannot alter this hash. */
    public Hash32 {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != MerkleHasher.HASH_LENGTH) {
            throw new IllegalArgumentException("create hash: got " + bytes.length + " bytes, expected "
                    + MerkleHasher.HASH_LENGTH + " (pass a raw SHA-256 digest)");
        }
        bytes = bytes.clone();
    }

    /** Parses 64 hex digits (either case). */
    public static Hash32 fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * MerkleHasher.HASH_LENGTH) {
            throw new IllegalArgumentException("parse hash \"" + hex + "\": " + hex.length()
                    + " characters, expected 64 (pass the lowercase hex of a SHA-256 digest)");
        }
        try {
            return new Hash32(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parse hash \"" + hex + "\": not hexadecimal (use digits 0-9 and a-f)", e);
        }
    }

    /** Returns a copy of the 32 bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Returns the 64-character lowercase hex form. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash32 that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
