package io.rynxs.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** RFC 6962 §2.1 hashing: SHA-256 with a one-byte prefix that keeps leaves and interior nodes apart. */
public final class MerkleHasher {

    /** Length in bytes of every hash this class returns. */
    public static final int HASH_LENGTH = 32;

    // The prefixes stop a leaf from being passed off as an interior node (second-preimage attack).
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    // MessageDigest is not thread-safe and getInstance is a provider lookup; one digest per thread keeps
    // the append path free of both locks and lookups.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHasher::newDigest);

    private static final byte[] EMPTY_ROOT = newDigest().digest();

    private MerkleHasher() {}

    /** Returns SHA-256(0x00 ‖ leaf), the hash of one leaf's bytes (any length). */
    public static byte[] leafHash(byte[] leaf) {
        Objects.requireNonNull(leaf, "leaf");
        MessageDigest digest = SHA256.get();
        digest.update(LEAF_PREFIX);
        digest.update(leaf);
        return digest.digest();
    }

    /** Returns SHA-256(0x01 ‖ left ‖ right), the hash of an interior node over two 32-byte child hashes. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHash("hash merkle node", "left child", left);
        requireHash("hash merkle node", "right child", right);
        MessageDigest digest = SHA256.get();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** Returns SHA-256 of no bytes, the root of the empty tree. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    static void requireHash(String operation, String name, byte[] hash) {
        Objects.requireNonNull(hash, name);
        if (hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException(operation + ": " + name + " has " + hash.length
                    + " bytes, expected " + HASH_LENGTH + " (pass a SHA-256 hash, not leaf data)");
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256, so this is a broken runtime, not a user error.
            throw new IllegalStateException("create SHA-256 digest: algorithm missing (use a standard JDK)", e);
        }
    }
}
