package io.rynxs.checkpoint;

import io.rynxs.event.InvalidUtf8Exception;
import io.rynxs.event.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * C2SP signed notes: text lines, a blank line, then one signature line per signer.
 *
 * <p>{@link #open} returns text only once a known key's signature over it verified. Signatures from
 * unknown keys (other name or key ID) are skipped, so witnesses may cosign; a signature from a known key
 * that fails is an error even when another one verified, because it means someone altered the note.
 */
public final class SignedNote {

    /** Like Go's sumdb/note: bounds the work an attacker can cause with one note. */
    static final int MAX_SIGNATURES = 100;

    private SignedNote() {
    }

    /** The note bytes: {@code text}, a blank line and one signature line per signer, in order. */
    public static byte[] sign(String text, List<? extends Signer> signers) {
        Objects.requireNonNull(text, "text");
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("sign note: no signers (pass at least one)");
        }
        String problem = textProblem(text);
        if (problem != null) {
            throw new IllegalArgumentException("sign note: text " + problem);
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder note = new StringBuilder(text).append('\n');
        for (Signer signer : signers) {
            VerifierKey key = signer.verifierKey();
            note.append(new NoteSignature(key.name(), key.keyId(), signer.sign(message)).toLine());
        }
        return note.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The verified text of {@code note}, or a {@link CheckpointException} (MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE). */
    public static String open(byte[] note, Collection<? extends NoteVerifier> known) {
        Parsed parsed = parse(note);
        if (verifiedBy(parsed, known).isEmpty()) {
            throw new CheckpointException(CheckpointCode.UNKNOWN_KEY, "open note: no signature from a known key among "
                    + parsed.signatures().size() + " signature line(s) (check the verifier key, e.g. the one in verifier.vkey)");
        }
        return parsed.text();
    }

    /**
     * The known keys whose signatures on {@code note} verify, in the order of their lines; possibly none. A line from
     * a known key that does not verify is BAD_SIGNATURE, as in {@link #open}: the note was altered.
     */
    public static <V extends NoteVerifier> List<V> signers(byte[] note, Collection<V> known) {
        return verifiedBy(parse(note), known);
    }

    /** The text of {@code note} (every line before the blank line), checked for form only, not for any signature. */
    public static String text(byte[] note) {
        return parse(note).text();
    }

    /** The signature lines of {@code note}, each with its final newline, checked for form only. */
    public static List<String> signatureLines(byte[] note) {
        return parse(note).signatures().stream().map(NoteSignature::toLine).toList();
    }

    private record Parsed(String text, byte[] message, List<NoteSignature> signatures) {}

    private static Parsed parse(byte[] note) {
        Objects.requireNonNull(note, "note");
        // Decoded whole, so an offset in the error counts from the note's first byte.
        String whole = decode(note);
        int split = indexOfBlankLine(note);
        if (split < 0) {
            throw malformed("open note: no blank line between text and signatures (the note was truncated or altered)");
        }
        byte[] message = Arrays.copyOf(note, split + 1);
        // No multi-byte UTF-8 sequence holds a 0x0A byte, so the first "\n\n" of the decoded note is the one at split.
        int textEnd = whole.indexOf("\n\n") + 1;
        String text = whole.substring(0, textEnd);
        String problem = textProblem(text);
        if (problem != null) {
            throw malformed("open note: text " + problem);
        }
        String block = whole.substring(textEnd + 1);
        if (block.isEmpty() || !block.endsWith("\n")) {
            throw malformed("open note: signature block is empty or does not end in a newline (the note was truncated)");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw malformed("open note: " + lines.length + " signature lines, more than " + MAX_SIGNATURES
                    + " (refusing to verify; the note is not from a Rynxs log)");
        }
        List<NoteSignature> signatures = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            signatures.add(NoteSignature.parse(lines[i], i + 1));
        }
        return new Parsed(text, message, signatures);
    }

    private static <V extends NoteVerifier> List<V> verifiedBy(Parsed parsed, Collection<V> known) {
        Objects.requireNonNull(known, "known");
        List<V> verified = new ArrayList<>();
        for (int i = 0; i < parsed.signatures().size(); i++) {
            NoteSignature signature = parsed.signatures().get(i);
            int number = i + 1;
            List<V> matching = known.stream().filter(signature::isFrom).toList();
            if (matching.isEmpty()) {
                continue;
            }
            V good = matching.stream().filter(v -> v.verify(parsed.message(), signature.signature())).findFirst()
                    .orElseThrow(() -> new CheckpointException(CheckpointCode.BAD_SIGNATURE, "open note: signature line "
                            + number + " by " + signature.name() + " does not verify"
                            + " (the text or signature was altered after signing; do not trust this note)"));
            if (!verified.contains(good)) {
                verified.add(good);
            }
        }
        return verified;
    }

    /** Why {@code text} cannot be a note text, or null when it can; shared so sign and open agree. */
    static String textProblem(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            return "is empty or does not end in a newline (each line of a note ends in \\n)";
        }
        if (text.startsWith("\n") || text.contains("\n\n")) {
            return "contains a blank line (only the line before the signatures may be blank)";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                return "contains control character U+" + String.format("%04X", (int) c)
                        + " (notes allow no control characters but \\n; CRLF line ends are not allowed)";
            }
        }
        return null;
    }

    private static int indexOfBlankLine(byte[] note) {
        for (int i = 0; i + 1 < note.length; i++) {
            if (note[i] == '\n' && note[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String decode(byte[] note) {
        try {
            return Utf8.decode(note, "open note", "notes are UTF-8 text; the bytes were corrupted");
        } catch (InvalidUtf8Exception e) {
            throw malformed(e.getMessage());
        }
    }

    private static CheckpointException malformed(String message) {
        return new CheckpointException(CheckpointCode.MALFORMED, message);
    }
}
