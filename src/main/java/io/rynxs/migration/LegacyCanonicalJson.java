package io.rynxs.migration;

import io.rynxs.event.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON of rynxs-python: {@code json.dumps(v, sort_keys=True, separators=(",",":"),
 * ensure_ascii=False)}. It is not RFC 8785: keys sort by Unicode code point (Python compares {@code str}
 * by code point, not by UTF-16 unit), only {@code "}, {@code \} and control characters are escaped
 * ({@code \b \f \n \r \t} short, the rest as lowercase <code>&#92;u00xx</code>), and integers print as they are.
 *
 * <p>Floats are refused: reproducing Python's {@code repr} exactly is not worth the risk for logs that
 * hold none (see {@link LegacyRecord}, which refuses them before parsing).
 */
public final class LegacyCanonicalJson {
    private LegacyCanonicalJson() {}

    /** Writes a value built from the types {@link Json} parses into; floats are an {@link IllegalArgumentException}. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(out, value);
        return out.toString();
    }

    /** Python's order of {@code str}: by code point, so U+10000 and above sort after U+FFFF. */
    static int compareByCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static void writeValue(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>(map.size());
            for (Object k : map.keySet()) {
                keys.add((String) k);
            }
            keys.sort(LegacyCanonicalJson::compareByCodePoint);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) out.append(',');
                writeString(out, keys.get(i));
                out.append(':');
                writeValue(out, map.get(keys.get(i)));
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                writeValue(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value == Json.NULL || value == null) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("legacy canonical JSON: cannot write " + value.getClass().getSimpleName() + " " + value
                    + " exactly as Python would (only objects, arrays, strings, integers, booleans and null)");
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
