package io.rynxs.checkpoint;

import java.util.Arrays;

/** One signature line of a signed note: {@code — <key name> <base64(key ID ‖ signature)>}. */
record NoteSignature(String name, byte[] keyId, byte[] signature) {

    /** U+2014 EM DASH and a space open every signature line. */
    static final String PREFIX = "\u2014 ";

    NoteSignature {
        if (!VerifierKey.isValidName(name) || keyId.length != 4 || signature.length == 0) {
            throw new IllegalArgumentException("note signature: needs a valid name, a 4-byte key ID and a signature");
        }
        keyId = keyId.clone();
        signature = signature.clone();
    }

    /** Parses {@code line} (without its newline); {@code number} counts signature lines from 1, for messages. */
    static NoteSignature parse(String line, int number) {
        String where = "open note: signature line " + number;
        if (!line.startsWith(PREFIX)) {
            throw malformed(where + " does not start with an em dash and a space"
                    + " (signature lines are \"\u2014 <key name> <base64>\"; was the dash or a blank line altered?)");
        }
        String rest = line.substring(PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw malformed(where + " has no space between key name and signature (expected \"\u2014 <key name> <base64>\")");
        }
        String name = rest.substring(0, space);
        if (!VerifierKey.isValidName(name)) {
            throw malformed(where + " has an invalid key name (a key name is non-empty, without whitespace or '+')");
        }
        byte[] data = CanonicalBase64.decode(rest.substring(space + 1)).orElseThrow(() ->
                malformed(where + " is not canonical standard base64 after the key name (the note was altered)"));
        if (data.length < 5) {
            throw malformed(where + " holds " + data.length
                    + " bytes, too few for a key ID and a signature (the note was altered)");
        }
        return new NoteSignature(name, Arrays.copyOf(data, 4), Arrays.copyOfRange(data, 4, data.length));
    }

    boolean isFrom(NoteVerifier verifier) {
        return name.equals(verifier.name()) && Arrays.equals(keyId, verifier.keyId());
    }

    String toLine() {
        byte[] data = Arrays.copyOf(keyId, keyId.length + signature.length);
        System.arraycopy(signature, 0, data, keyId.length, signature.length);
        return PREFIX + name + " " + CanonicalBase64.encode(data) + "\n";
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteSignature that && name.equals(that.name)
                && Arrays.equals(keyId, that.keyId) && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return (31 * name.hashCode() + Arrays.hashCode(keyId)) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return toLine().strip();
    }

    private static CheckpointException malformed(String message) {
        return new CheckpointException(CheckpointCode.MALFORMED, message);
    }
}
