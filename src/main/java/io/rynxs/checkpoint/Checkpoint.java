package io.rynxs.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A C2SP tlog-checkpoint of a Rynxs log: origin, tree size, Merkle root, plus the chain and state hashes
 * at seq = tree size as two extension lines.
 *
 * <p>Untrusted bytes become a {@code Checkpoint} only through {@link #open}, which verifies the signature
 * before it reads the body. Tree size 0 is representable, since the format allows it, but our log never
 * signs it: {@link #sign} refuses.
 */
public record Checkpoint(String origin, long treeSize, byte[] root, String chainHash, String stateHash) {

    static final String CHAIN_PREFIX = "rynxs-chain ";
    static final String STATE_PREFIX = "rynxs-state ";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(chainHash, "chainHash");
        Objects.requireNonNull(stateHash, "stateHash");
        if (origin.isEmpty() || origin.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("checkpoint: origin \"" + origin
                    + "\" is empty or has control characters (use the log's key name, e.g. rynxs.example/prod)");
        }
        if (treeSize < 0) {
            throw new IllegalArgumentException("checkpoint " + origin + ": tree size " + treeSize + " is negative");
        }
        if (root.length != 32) {
            throw new IllegalArgumentException("checkpoint " + origin + ": root is " + root.length
                    + " bytes, not 32 (pass the raw SHA-256 Merkle root)");
        }
        if (!HASH.matcher(chainHash).matches() || !HASH.matcher(stateHash).matches()) {
            throw new IllegalArgumentException("checkpoint " + origin
                    + ": chain and state hashes must be 64 lowercase hex characters (format SHA-256 with HexFormat.of())");
        }
        root = root.clone();
    }

    /** The note text: five lines, each ending in a newline. */
    public byte[] body() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** The full signed note; refuses a signer whose key name is not this checkpoint's origin, and size 0. */
    public byte[] sign(Signer signer) {
        String keyName = signer.verifierKey().name();
        if (!keyName.equals(origin)) {
            throw new IllegalArgumentException("sign checkpoint " + origin + ": signer key is named \"" + keyName
                    + "\", not the origin (sign with this log's own key, see verifier.vkey beside signing.key)");
        }
        if (treeSize == 0) {
            throw new IllegalArgumentException("sign checkpoint " + origin
                    + ": tree size is 0 (a Rynxs log signs checkpoints only once it holds events)");
        }
        return SignedNote.sign(text(), List.of(signer));
    }

    /**
     * Verifies {@code note}'s signature by {@code key}, then parses its body; nothing unverified is returned.
     *
     * @throws CheckpointException MALFORMED, UNKNOWN_KEY or BAD_SIGNATURE
     */
    public static Checkpoint open(byte[] note, NoteVerifier key) {
        Checkpoint checkpoint = parseBody(SignedNote.open(note, List.of(key)));
        if (!checkpoint.origin.equals(key.name())) {
            throw malformed("open checkpoint: origin \"" + checkpoint.origin + "\" differs from the key name \""
                    + key.name() + "\" (a log's key is named after its origin; this key signed a foreign body)");
        }
        return checkpoint;
    }

    /** Parses verified note text; text with blank lines or control characters never gets here. */
    static Checkpoint parseBody(String text) {
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length != 5) {
            throw malformed("open checkpoint: body has " + lines.length + " lines, not 5"
                    + " (expected origin, size, root, rynxs-chain and rynxs-state lines)");
        }
        if (!SIZE.matcher(lines[1]).matches()) {
            throw malformed("open checkpoint: tree size \"" + lines[1]
                    + "\" is not a decimal without sign or leading zeros that fits in a long");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw malformed("open checkpoint: tree size \"" + lines[1] + "\" is larger than a long");
        }
        byte[] root = CanonicalBase64.decode(lines[2]).filter(r -> r.length == 32).orElseThrow(() ->
                malformed("open checkpoint: root \"" + lines[2] + "\" is not canonical base64 of 32 bytes"));
        String chain = extension(lines[3], CHAIN_PREFIX);
        String state = extension(lines[4], STATE_PREFIX);
        return new Checkpoint(lines[0], size, root, chain, state);
    }

    private static String extension(String line, String prefix) {
        String hash = line.startsWith(prefix) ? line.substring(prefix.length()) : "";
        if (!HASH.matcher(hash).matches()) {
            throw malformed("open checkpoint: line \"" + line + "\" is not \"" + prefix
                    + "<64 lowercase hex>\" (the body lines are origin, size, root, rynxs-chain, rynxs-state)");
        }
        return hash;
    }

    private String text() {
        return origin + "\n" + treeSize + "\n" + CanonicalBase64.encode(root) + "\n"
                + CHAIN_PREFIX + chainHash + "\n" + STATE_PREFIX + stateHash + "\n";
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && origin.equals(that.origin) && treeSize == that.treeSize
                && Arrays.equals(root, that.root) && chainHash.equals(that.chainHash) && stateHash.equals(that.stateHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(root), chainHash, stateHash);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + "@" + treeSize + "]";
    }

    private static CheckpointException malformed(String message) {
        return new CheckpointException(CheckpointCode.MALFORMED, message);
    }
}
