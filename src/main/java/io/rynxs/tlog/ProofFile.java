package io.rynxs.tlog;

import io.rynxs.merkle.Hash32;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A C2SP tlog-proof file ({@code .tlog-proof}): that entry {@code index} is in the tree of a signed (and perhaps
 * cosigned) checkpoint, verifiable offline. Rynxs puts the event's canonical line in {@code extra}, so the file
 * alone holds the event, the path from its leaf to the root, and the signed root:
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * extra &lt;base64 of the event's line&gt;
 * index &lt;seq - 1&gt;
 * &lt;base64 hash&gt;            one per line, from the leaf's sibling up to the root's child
 *
 * &lt;the checkpoint note, verbatim, with its signature and cosignatures&gt;
 * </pre>
 *
 * {@link #parse} checks form only; {@link ProofCheck} checks what it says.
 */
public record ProofFile(byte[] extra, long index, List<Hash32> hashes, byte[] checkpoint) {
    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    /** RFC 6962 paths are at most 63 hashes long for trees below 2^63. */
    public static final int MAX_HASHES = 63;
    /** Bounds what a verifier reads: an event line is at most 1 MiB, a note a few KiB. */
    public static final int MAX_BYTES = 4 << 20;

    public ProofFile {
        if (index < 0) {
            throw new IllegalArgumentException("tlog proof: index " + index + " is negative");
        }
        if (hashes.size() > MAX_HASHES) {
            throw new IllegalArgumentException("tlog proof: " + hashes.size() + " hashes, more than " + MAX_HASHES);
        }
        extra = extra == null ? null : extra.clone();
        hashes = List.copyOf(hashes);
        checkpoint = checkpoint.clone();
    }

    public Optional<byte[]> extraBytes() {
        return Optional.ofNullable(extra).map(byte[]::clone);
    }

    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    @Override
    public byte[] extra() {
        return extra == null ? null : extra.clone();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + checkpoint.length + (extra == null ? 0 : extra.length * 4 / 3));
        StringBuilder head = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            head.append("extra ").append(Base64.getEncoder().encodeToString(extra)).append('\n');
        }
        head.append("index ").append(index).append('\n');
        for (Hash32 h : hashes) {
            head.append(Base64.getEncoder().encodeToString(h.bytes())).append('\n');
        }
        head.append('\n');
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(checkpoint);
        return out.toByteArray();
    }

    /** Parses a proof file; throws {@link IllegalArgumentException} naming the line that is wrong and what belongs there. */
    public static ProofFile parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("tlog proof: " + bytes.length + " bytes, more than " + MAX_BYTES + " (not a proof file)");
        }
        int at = 0;
        int number = 0;
        List<String> head = new ArrayList<>();
        while (true) {
            int nl = indexOf(bytes, at);
            if (nl < 0) {
                throw new IllegalArgumentException("tlog proof: line " + (number + 1) + " has no newline; the file ends before the blank line"
                        + " that precedes the checkpoint (truncated?)");
            }
            String line = new String(bytes, at, nl - at, StandardCharsets.ISO_8859_1);
            number++;
            at = nl + 1;
            if (line.isEmpty()) {
                break;
            }
            head.add(line);
        }
        if (head.isEmpty() || !head.get(0).equals(HEADER)) {
            throw new IllegalArgumentException("tlog proof: line 1 is not " + HEADER + " (not a tlog-proof v1 file)");
        }
        int i = 1;
        byte[] extra = null;
        if (i < head.size() && head.get(i).startsWith("extra ")) {
            extra = base64(head.get(i).substring(6), i + 1, "extra data");
            i++;
        }
        if (i >= head.size() || !head.get(i).matches("index (0|[1-9][0-9]{0,18})")) {
            throw new IllegalArgumentException("tlog proof: line " + (i + 1) + " is not index <decimal, no leading zeros>");
        }
        long index = Long.parseLong(head.get(i).substring(6));
        i++;
        List<Hash32> hashes = new ArrayList<>();
        for (; i < head.size(); i++) {
            byte[] h = base64(head.get(i), i + 1, "an inclusion proof hash");
            if (h.length != 32) {
                throw new IllegalArgumentException("tlog proof: line " + (i + 1) + " is " + h.length + " bytes, not a 32-byte SHA-256 hash");
            }
            hashes.add(new Hash32(h));
        }
        if (hashes.size() > MAX_HASHES) {
            throw new IllegalArgumentException("tlog proof: " + hashes.size() + " proof hashes, more than " + MAX_HASHES);
        }
        byte[] checkpoint = Arrays.copyOfRange(bytes, at, bytes.length);
        if (checkpoint.length == 0) {
            throw new IllegalArgumentException("tlog proof: no checkpoint after the blank line on line " + number);
        }
        return new ProofFile(extra, index, hashes, checkpoint);
    }

    private static byte[] base64(String text, int line, String what) {
        try {
            byte[] b = Base64.getDecoder().decode(text);
            if (!Base64.getEncoder().encodeToString(b).equals(text)) {
                throw new IllegalArgumentException("not canonical");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tlog proof: line " + line + " is not " + what + " in standard padded base64");
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
