package io.rynxs.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * A JSON object in RFC 8785 (JCS) canonical form. Only {@link #parse} and {@link #of} make one, so
 * holding a {@code CanonicalJson} means the text is canonical, within limits and exactly representable.
 */
public record CanonicalJson(String text) {
    /** The empty object {@code {}}. */
    public static final CanonicalJson EMPTY = new CanonicalJson("{}");

    public CanonicalJson {
        if (text == null || text.length() < 2 || text.charAt(0) != '{') {
            throw new IllegalArgumentException("canonical JSON must be an object, got " + text);
        }
    }

    /** Validates untrusted JSON text (an object) and canonicalizes it. */
    public static CanonicalJson parse(String json, JsonLimits limits, String what) {
        if (json.length() > limits.maxBytes() * 6L + 1024) {
            throw tooLarge(what, json.length(), limits);
        }
        Map<String, Object> value;
        try {
            value = Json.parseObject(json, limits.maxDepth());
        } catch (InvalidEventException e) {
            throw new InvalidEventException(what + ": " + e.getMessage());
        }
        return check(canonicalize(json), limits, what);
    }

    /** Canonicalizes a value built from the types {@link Json} documents (trusted values: no limits applied). */
    public static CanonicalJson of(Map<String, ?> value) {
        return new CanonicalJson(JcsWriter.write(value));
    }

    /** Like {@link #of(Map)}, with the expected size in characters (large values write faster with a good guess). */
    public static CanonicalJson of(Map<String, ?> value, int expectedChars) {
        return new CanonicalJson(JcsWriter.write(value, expectedChars));
    }

    /** The canonical text of any value, e.g. an array whose content hash is needed. */
    public static String textOf(Object value) {
        return JcsWriter.write(value);
    }

    /**
     * Appends {@code s} as an RFC 8785 string (quotes and the escapes §3.2.2.2 requires): for code that
     * writes a small fixed-shape object straight into a buffer instead of building a map for it.
     */
    public static StringBuilder appendString(StringBuilder out, String s) {
        JcsWriter.string(out, s);
        return out;
    }

    /** Appends any value of the types {@link Json} documents in canonical form (as {@link #textOf}). */
    public static StringBuilder appendValue(StringBuilder out, Object value) {
        JcsWriter.value(out, value);
        return out;
    }

    /** Canonicalizes a value and checks it against the limits. */
    public static CanonicalJson of(Map<String, ?> value, JsonLimits limits, String what) {
        CanonicalJson json = of(value);
        Json.parseObject(json.text, limits.maxDepth());
        return check(json, limits, what);
    }

    /** The value as a read-only map (parsed on each call: the canonical text is the source of truth). */
    public Map<String, Object> toMap() {
        return Json.parseObject(text, Integer.MAX_VALUE);
    }

    /** The canonical UTF-8 bytes. */
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static CanonicalJson canonicalize(String json) {
        try {
            return new CanonicalJson(new JsonCanonicalizer(json).getEncodedString());
        } catch (IOException e) {
            throw new InvalidEventException("canonicalize JSON: " + e.getMessage());
        }
    }

    private static CanonicalJson check(CanonicalJson json, JsonLimits limits, String what) {
        int size = json.bytes().length;
        if (size > limits.maxBytes()) {
            throw tooLarge(what, size, limits);
        }
        return json;
    }

    private static InvalidEventException tooLarge(String what, long size, JsonLimits limits) {
        return new InvalidEventException(what + ": " + size + " bytes is over the limit of " + limits.maxBytes()
                + " bytes (store large content elsewhere and log its hash, or raise the limit)");
    }

    @Override
    public String toString() {
        return text;
    }
}
