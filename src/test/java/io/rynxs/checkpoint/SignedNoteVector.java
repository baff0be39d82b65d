package io.rynxs.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Go sumdb/note reference vector from shared/fixtures, read without a JSON library. */
record SignedNoteVector(String verifierKey, String signerKey, String signerSeedHex, String text, String note) {

    static final String NAME = "PeterNeumann";
    static final Path FILE = Path.of("..", "shared", "fixtures", "signed-note-vector.json");

    static SignedNoteVector load() {
        try {
            String json = Files.readString(FILE, StandardCharsets.UTF_8);
            return new SignedNoteVector(string(json, "verifierKey"), string(json, "signerKey"),
                    string(json, "signerSeedHex"), string(json, "text"), string(json, "note"));
        } catch (IOException e) {
            throw new UncheckedIOException("read " + FILE.toAbsolutePath()
                    + " (run from the project dir with shared/ as a sibling)", e);
        }
    }

    /** The string value of top-level {@code key}; decodes every JSON escape, including surrogate pairs. */
    static String string(String json, String key) {
        String quoted = "\"" + key + "\"";
        int at = json.indexOf(quoted);
        if (at < 0) {
            throw new IllegalArgumentException("fixture: no key " + quoted);
        }
        int i = skipSpace(json, at + quoted.length());
        if (json.charAt(i) != ':') {
            throw new IllegalArgumentException("fixture: no ':' after " + quoted);
        }
        i = skipSpace(json, i + 1);
        if (json.charAt(i) != '"') {
            throw new IllegalArgumentException("fixture: value of " + quoted + " is not a string");
        }
        StringBuilder out = new StringBuilder();
        for (i++; json.charAt(i) != '"'; i++) {
            char c = json.charAt(i);
            if (c < 0x20) {
                throw new IllegalArgumentException("fixture: raw control character in " + quoted);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = json.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("fixture: bad escape \\" + e + " in " + quoted);
            }
        }
        return out.toString();
    }

    private static int skipSpace(String json, int i) {
        while (Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }
}
