package io.rynxs.event;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 parser and a compact writer for the plain Java values the log works with:
 * {@code Map<String,Object>}, {@code List<Object>}, {@link String}, {@link Long} (integers),
 * {@link Double} (other numbers), {@link Boolean} and {@link #NULL}.
 *
 * <p>It exists to enforce what canonical JSON (RFC 8785) cannot express: duplicate keys, depth, and
 * numbers that an IEEE double would silently change. Canonicalization itself is left to the reference
 * library (see {@link CanonicalJson}).
 */
public final class Json {
    /** The JSON {@code null}, distinct from a missing value. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Largest integer an IEEE double holds exactly, and so the largest JCS can carry (I-JSON). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private final String text;
    private final int maxDepth;
    private final String[] keys = KEYS.get();
    private int pos;

    private Json(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /**
     * Member names repeat in every object of a kind (replay parses tens of thousands of payloads that
     * share a few dozen names), so plain short names come from a small per-thread table: no new string
     * to allocate and its hash code already computed for the map.
     */
    private static final ThreadLocal<String[]> KEYS = ThreadLocal.withInitial(() -> new String[512]);
    private static final int MAX_SHARED_KEY = 32;

    /** Parses one JSON value occupying the whole text. */
    public static Object parse(String text, int maxDepth) {
        Json parser = new Json(text, maxDepth);
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the JSON value");
        }
        return value;
    }

    /** Parses a JSON object occupying the whole text. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, int maxDepth) {
        Object value = parse(text, maxDepth);
        if (!(value instanceof Map)) {
            throw new InvalidEventException("parse JSON: expected an object, found " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    /** Compact JSON text for a value built from the types this class documents, or a record of them ({@link JsonWriter}). */
    public static String write(Object value) {
        return JsonWriter.write(value);
    }

    private Object value(int depth) {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + printable(c) + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.emptyMap();
        }
        // Up to SmallMap.MAX members go into two arrays; a larger object moves to a LinkedHashMap.
        String[] keys = new String[SmallMap.MAX];
        Object[] values = new Object[SmallMap.MAX];
        int n = 0;
        Map<String, Object> large = null;
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = key();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth);
            boolean duplicate;
            if (large != null) {
                duplicate = large.put(key, value) != null;
            } else if (SmallMap.indexOf(keys, n, key) >= 0) {
                duplicate = true;
            } else if (n < SmallMap.MAX) {
                keys[n] = key;
                values[n++] = value;
                duplicate = false;
            } else {
                large = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    large.put(keys[i], values[i]);
                }
                large.put(key, value);
                duplicate = false;
            }
            if (duplicate) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\" (I-JSON forbids duplicate keys)");
            }
            skipWhitespace();
            char c = next("',' or '}'");
            if (c == '}') {
                return large != null ? Collections.unmodifiableMap(large) : new SmallMap(keys, values, n);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            char c = next("',' or ']'");
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String key() {
        int start = pos + 1;
        int end = Math.min(text.length(), start + MAX_SHARED_KEY + 1);
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                int slot = (h ^ (h >>> 9)) & (keys.length - 1);
                String shared = keys[slot];
                if (shared != null && shared.length() == i - start && text.regionMatches(start, shared, 0, i - start)) {
                    pos = i + 1;
                    return shared;
                }
                String key = string();
                keys[slot] = key;
                return key;
            }
            if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                break;
            }
            h = 31 * h + c;
        }
        return string();
    }

    private String string() {
        pos++;
        // Fast path: most strings have no escapes, and can be cut out of the text as they are.
        int start = pos;
        boolean surrogates = false;
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                String plain = text.substring(start, i);
                pos = i + 1;
                if (surrogates) {
                    checkWellFormed(plain);
                }
                return plain;
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            surrogates |= Character.isSurrogate(c);
        }
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next("an escape character");
            switch (e) {
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case '/': out.append('/'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u': out.append(unicodeEscape()); break;
                default:
                    pos--;
                    throw error("invalid escape '\\" + printable(e) + "'");
            }
        }
        String s = out.toString();
        checkWellFormed(s);
        return s;
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    /** Lone surrogates cannot be encoded as UTF-8, so they would break the canonical bytes. */
    private void checkWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("string holds a lone UTF-16 surrogate U+" + String.format("%04X", (int) c)
                        + " (only well-formed Unicode can be hashed)");
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("invalid number");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) throw error("invalid number: digits expected after '.'");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("invalid number: digits expected in exponent");
            while (isDigit(peek())) pos++;
        }
        String literal = text.substring(start, pos);
        if (integral && literal.length() <= 15) {
            // At most 15 characters: |n| < 10^15 < 2^53, exactly representable, no BigDecimal needed.
            return Long.parseLong(literal);
        }
        return representable(literal, integral, start);
    }

    /** Keeps a number only if RFC 8785's IEEE-double form carries exactly the value that was sent. */
    private Object representable(String literal, boolean integral, int at) {
        BigDecimal exact = new BigDecimal(literal);
        double d = exact.doubleValue();
        String hint = " (send it as a JSON string instead)";
        if (Double.isInfinite(d)) {
            pos = at;
            throw error("number " + abbreviate(literal) + " is beyond the range of an IEEE double" + hint);
        }
        if (integral || exact.stripTrailingZeros().scale() <= 0) {
            if (exact.abs().compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
                pos = at;
                throw error("integer " + abbreviate(literal) + " is beyond ±(2^53-1), which JSON canonicalization cannot carry exactly" + hint);
            }
            return exact.longValueExact();
        }
        if (BigDecimal.valueOf(d).compareTo(exact) != 0) {
            pos = at;
            throw error("number " + abbreviate(literal) + " has more precision than an IEEE double holds" + hint);
        }
        return d;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal (expected " + word + ")");
        }
        pos += word.length();
        return value;
    }

    private void checkDepth(int depth) {
        if (depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next(String expected) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected " + expected);
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private InvalidEventException error(String what) {
        return new InvalidEventException("parse JSON: " + what + " at offset " + pos);
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static String abbreviate(String literal) {
        return literal.length() <= 40 ? literal : literal.substring(0, 37) + "...";
    }

    static String describe(Object value) {
        if (value instanceof Map) return "an object";
        if (value instanceof List) return "an array";
        if (value instanceof String) return "a string";
        if (value instanceof Boolean) return "a boolean";
        if (value == NULL) return "null";
        return "a number";
    }
}
