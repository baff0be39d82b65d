package io.rynxs.api;

import io.rynxs.event.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The raw query string checked before Javalin decodes it. Javalin decodes a percent-escape of a byte that
 * is not UTF-8 to U+FFFD, so {@code ?aggregate=a%FF} would filter on text nobody sent, and a malformed
 * escape to a missing value; here each name and value is percent-decoded to its bytes and decoded strictly.
 */
final class QueryString {
    private static final String HINT = "percent-encode the UTF-8 bytes of names and values, e.g. %C3%A9 for U+00E9";

    private QueryString() {}

    /** Refuses, with a 400 naming the parameter and the byte, any name or value that is not UTF-8 once decoded. */
    static void check(String raw) {
        if (raw == null) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName, "query parameter name \"" + Params.shorten(rawName) + "\"");
            if (eq >= 0) {
                decode(pair.substring(eq + 1), "query parameter " + Params.shorten(name));
            }
        }
    }

    private static String decode(String raw, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
                int lo = i + 2 < raw.length() ? hex(raw.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw ApiProblem.badRequest(what + ": \"" + Params.shorten(raw.substring(i, Math.min(raw.length(), i + 3)))
                            + "\" is not a percent-escape (write % itself as %25)");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // Jetty has already decoded raw (unescaped) bytes of the request line, replacing those that are not
                // UTF-8 with U+FFFD; a raw U+FFFD is refused because it cannot be told from such a byte.
                int cp = raw.codePointAt(i);
                if (cp == 0xFFFD) {
                    throw ApiProblem.badRequest(what + ": invalid UTF-8 at byte " + bytes.size() + " (the request line held a byte"
                            + " that is not UTF-8, or an unescaped U+FFFD; " + HINT + ", and U+FFFD itself as %EF%BF%BD)");
                }
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return Utf8.decode(bytes.toByteArray(), what, HINT);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
