package io.rynxs.event;

import java.nio.charset.StandardCharsets;

/**
 * Checks in one pass over UTF-8 bytes that a JSON value is exactly what RFC 8785 (as {@code JcsWriter}
 * writes it) would produce, without building the value: no whitespace, object keys in strictly
 * increasing UTF-16 order (so no duplicates), only the escapes JCS emits ({@code \" \\ \b \t \n \f \r}
 * and lowercase backslash-u-00xx for the other control characters), well-formed UTF-8 everywhere, numbers
 * in their shortest ECMAScript form and nesting within a depth limit.
 *
 * <p>The result is the same accept/reject decision as parsing the value and comparing it with its
 * canonical re-serialisation (the reference check kept in the tests), at a fraction of the cost.
 */
public final class CanonicalScanner {
    private final byte[] b;
    private final int end;
    private final int maxDepth;
    private int pos;
    /** Set when the last string scanned held an escape. */
    private boolean escaped;

    public CanonicalScanner(byte[] bytes, int from, int to, int maxDepth) {
        this.b = bytes;
        this.pos = from;
        this.end = to;
        this.maxDepth = maxDepth;
    }

    public int pos() {
        return pos;
    }

    public boolean atEnd() {
        return pos == end;
    }

    public int peek() {
        return pos < end ? b[pos] & 0xff : -1;
    }

    /** Consumes {@code c} or fails naming what was expected. */
    public void expect(char c) {
        if (peek() != c) {
            throw error(pos >= end ? "unexpected end of line, expected '" + c + "'" : "expected '" + c + "', found " + found());
        }
        pos++;
    }

    /** Whether the last string scanned by {@link #string(boolean)} held an escape sequence. */
    public boolean lastStringEscaped() {
        return escaped;
    }

    /** Scans any value at {@code depth} (the enclosing object is depth {@code depth}). */
    public void value(int depth) {
        switch (peek()) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string(false);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            case -1 -> throw error("unexpected end of line");
            default -> {
                int c = peek();
                if (c != '-' && (c < '0' || c > '9')) {
                    throw error("unexpected " + found());
                }
                number();
            }
        }
    }

    /** Scans an object whose '{' is at the current position, at {@code depth}. */
    public void object(int depth) {
        checkDepth(depth);
        pos++;
        if (peek() == '}') {
            pos++;
            return;
        }
        String previous = null;
        while (true) {
            if (peek() != '"') {
                throw error("expected a string key, found " + found());
            }
            int keyAt = pos;
            String key = string(true);
            if (previous != null) {
                int order = previous.compareTo(key);
                if (order >= 0) {
                    pos = keyAt;
                    throw error(order == 0 ? "duplicate key \"" + shorten(key) + "\""
                            : "key \"" + shorten(key) + "\" comes after \"" + shorten(previous) + "\" (keys must be sorted)");
                }
            }
            previous = key;
            expect(':');
            value(depth);
            if (!comma('}')) {
                return;
            }
        }
    }

    private void array(int depth) {
        checkDepth(depth);
        pos++;
        if (peek() == ']') {
            pos++;
            return;
        }
        do {
            value(depth);
        } while (comma(']'));
    }

    /** After a member: true on ',', false on the closing bracket, else an error. */
    public boolean comma(char close) {
        int c = peek();
        if (c == ',') {
            pos++;
            return true;
        }
        if (c == close) {
            pos++;
            return false;
        }
        throw error(c < 0 ? "unexpected end of line, expected ',' or '" + close + "'" : "expected ',' or '" + close + "', found " + found());
    }

    /**
     * Scans a string whose opening quote is at the current position; returns its decoded text when
     * {@code decode} is set (null otherwise).
     */
    public String string(boolean decode) {
        int start = ++pos;
        escaped = false;
        // Fast path: printable ASCII without escapes is its own decoding.
        while (pos < end) {
            int c = b[pos];
            if (c == '"') {
                pos++;
                return decode ? new String(b, start, pos - 1 - start, StandardCharsets.ISO_8859_1) : null;
            }
            if (c < 0x20 || c == '\\') {
                break;
            }
            pos++;
        }
        StringBuilder out = decode ? new StringBuilder(pos - start + 16).append(new String(b, start, pos - start, StandardCharsets.ISO_8859_1)) : null;
        while (true) {
            if (pos >= end) {
                throw error("unterminated string");
            }
            int c = b[pos] & 0xff;
            if (c == '"') {
                pos++;
                return out == null ? null : out.toString();
            }
            if (c < 0x20) {
                throw error("raw control character U+" + String.format("%04X", c) + " in a string (JCS writes it as an escape)");
            }
            if (c == '\\') {
                escaped = true;
                char e = escape();
                if (out != null) {
                    out.append(e);
                }
            } else if (c < 0x80) {
                pos++;
                if (out != null) {
                    out.append((char) c);
                }
            } else {
                int cp = utf8();
                if (out != null) {
                    out.appendCodePoint(cp);
                }
            }
        }
    }

    /** One escape sequence, which must be the one JCS writes for its character. */
    private char escape() {
        int at = pos;
        if (pos + 1 >= end) {
            throw error("unterminated escape");
        }
        int e = b[pos + 1];
        pos += 2;
        switch (e) {
            case '"': return '"';
            case '\\': return '\\';
            case 'b': return '\b';
            case 't': return '\t';
            case 'n': return '\n';
            case 'f': return '\f';
            case 'r': return '\r';
            case 'u':
                if (pos + 4 <= end && b[pos] == '0' && b[pos + 1] == '0' && (b[pos + 2] == '0' || b[pos + 2] == '1')
                        && lowerHex(b[pos + 3]) >= 0) {
                    char c = (char) ((b[pos + 2] - '0') * 16 + lowerHex(b[pos + 3]));
                    if (c != '\b' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
                        pos += 4;
                        return c;
                    }
                }
                break;
            default:
                break;
        }
        pos = at;
        int shown = Math.min(end, at + (e == 'u' ? 6 : 2));
        throw error("escape " + new String(b, at, shown - at, StandardCharsets.ISO_8859_1) + " is not canonical (JCS escapes only"
                + " \\\" \\\\ \\b \\t \\n \\f \\r and other control characters as lowercase \\u00xx; everything else is written as it is)");
    }

    private static int lowerHex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** One multi-byte UTF-8 sequence (Unicode Table 3-7: no overlong forms, surrogates or values past U+10FFFF). */
    private int utf8() {
        int lead = b[pos] & 0xff;
        int need;
        int lo = 0x80;
        int hi = 0xbf;
        int cp;
        if (lead >= 0xc2 && lead <= 0xdf) {
            need = 1;
            cp = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            need = 2;
            cp = lead & 0x0f;
            if (lead == 0xe0) {
                lo = 0xa0;
            } else if (lead == 0xed) {
                hi = 0x9f;
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            need = 3;
            cp = lead & 0x07;
            if (lead == 0xf0) {
                lo = 0x90;
            } else if (lead == 0xf4) {
                hi = 0x8f;
            }
        } else {
            throw error("byte 0x" + Integer.toHexString(lead) + " is not valid UTF-8");
        }
        for (int i = 1; i <= need; i++) {
            int c = pos + i < end ? b[pos + i] & 0xff : -1;
            if (c < lo || c > hi) {
                throw error("malformed UTF-8 sequence starting with byte 0x" + Integer.toHexString(lead));
            }
            lo = 0x80;
            hi = 0xbf;
            cp = cp << 6 | (c & 0x3f);
        }
        pos += need + 1;
        return cp;
    }

    /**
     * Scans a number and returns its value if it is a plain integer ({@code -?(0|[1-9][0-9]*)}), else
     * {@code null}. Anything but a safe integer is held to the canonical text of its value.
     */
    public Long number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (digit(peek())) {
            while (digit(peek())) pos++;
        } else {
            throw error("invalid number");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!digit(peek())) throw error("invalid number: digits expected after '.'");
            while (digit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!digit(peek())) throw error("invalid number: digits expected in exponent");
            while (digit(peek())) pos++;
        }
        int digits = pos - start - (b[start] == '-' ? 1 : 0);
        boolean plain = integral && digits <= 16 && !(b[start] == '-' && b[start + 1] == '0');
        if (plain) {
            long v = 0;
            for (int i = start + (b[start] == '-' ? 1 : 0); i < pos; i++) {
                v = v * 10 + (b[i] - '0');
            }
            if (v <= Json.MAX_SAFE_INTEGER) {
                return b[start] == '-' ? -v : v;
            }
        }
        // Rare: fractions, exponents, "-0", big integers. Decide exactly as parse-then-canonicalize would.
        String literal = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        Object value;
        try {
            value = Json.parse(literal, 1);
        } catch (InvalidEventException e) {
            pos = start;
            throw error(e.getMessage().replace("parse JSON: ", "").replaceAll(" at offset \\d+$", ""));
        } catch (NumberFormatException | ArithmeticException e) {
            pos = start;
            throw error("number " + shorten(literal) + " is out of range (" + e.getMessage() + ")");
        }
        String canonical = CanonicalJson.textOf(value);
        if (!canonical.equals(literal)) {
            pos = start;
            throw error("number " + shorten(literal) + " is not in canonical form (JCS writes " + shorten(canonical) + ")");
        }
        return value instanceof Long l ? l : null;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= end || b[pos + i] != word.charAt(i)) {
                throw error("invalid literal (expected " + word + ")");
            }
        }
        pos += word.length();
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
    }

    private String found() {
        if (pos >= end) {
            return "the end of the line";
        }
        int c = b[pos] & 0xff;
        if (c == ' ' || c == '\t' || c == '\r') {
            return "whitespace (canonical JSON has none outside strings)";
        }
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    public InvalidEventException error(String what) {
        return new InvalidEventException("line is not canonical JSON: " + what + " at byte " + pos);
    }
}
