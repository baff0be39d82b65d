package io.rynxs.api;

import io.rynxs.event.InvalidUtf8Exception;
import io.rynxs.event.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens from a file: one {@code token identity role} per line, role {@code reader} or
 * {@code writer}; blank lines and {@code #} comments are skipped. Tokens are compared as SHA-256
 * digests in constant time against every entry, so timing reveals neither a prefix nor which line matched.
 */
public final class TokenFileAuthenticator implements Authenticator {
    private record Entry(byte[] digest, Caller caller) {}

    private final List<Entry> entries;

    private TokenFileAuthenticator(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads and checks the whole file; a bad line fails start-up with its number. */
    public static TokenFileAuthenticator load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("read API token file " + file + ": " + e.getMessage()
                    + " (set RYNXS_API_TOKEN_FILE to a readable file of \"token identity role\" lines)", e);
        }
        String text;
        try {
            text = Utf8.decode(bytes, "read API token file " + file, "save the file as UTF-8");
        } catch (InvalidUtf8Exception e) {
            // A configuration error, like every other fault of this file, not bad event input.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return parse(text.lines().toList(), file.toString());
    }

    static TokenFileAuthenticator parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = "read API token file " + source + ": line " + (i + 1);
            if (f.length != 3) {
                throw new IllegalArgumentException(where + " has " + f.length + " fields (expected \"token identity role\")");
            }
            if (f[0].length() < 16) {
                throw new IllegalArgumentException(where + ": the token is shorter than 16 characters (use a random one, e.g. openssl rand -hex 32)");
            }
            if (!f[2].equals("reader") && !f[2].equals("writer")) {
                throw new IllegalArgumentException(where + ": role \"" + f[2] + "\" is not allowed (use reader or writer)");
            }
            entries.add(new Entry(digest(f[0]), new Caller(f[1], List.of(), f[2].equals("writer"))));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("read API token file " + source + ": no tokens (add \"token identity role\" lines)");
        }
        return new TokenFileAuthenticator(entries);
    }

    @Override
    public Optional<Caller> authenticate(String bearerToken) {
        if (bearerToken == null) {
            return Optional.empty();
        }
        byte[] presented = digest(bearerToken);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), presented) && found == null) {
                found = e.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public boolean authorize(Caller caller, Access access) {
        return !access.isWrite() || caller.writer();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
