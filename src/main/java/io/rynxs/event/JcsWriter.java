package io.rynxs.event;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.erdtman.jcs.NumberToJSON;

/**
 * Writes RFC 8785 canonical JSON straight from the plain values {@link Json} documents, without the
 * parse-sort-print round trip of the reference library, which costs three times as much on multi-megabyte
 * states. Numbers still go through the reference library's ECMAScript formatter; key order is
 * {@link String#compareTo} (UTF-16 code units, as RFC 8785 §3.2.3 requires) and string escapes follow
 * §3.2.2.2. {@code JcsWriterProperties} holds the output equal to the reference library's.
 */
final class JcsWriter {
    private JcsWriter() {}

    static String write(Object value) {
        return write(value, 256);
    }

    /** With a capacity hint, so that writing a multi-megabyte state does not keep regrowing its buffer. */
    static String write(Object value, int capacity) {
        StringBuilder out = new StringBuilder(Math.max(16, capacity));
        value(out, value);
        return out.toString();
    }

    static void value(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            object(out, map);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                value(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Long || value instanceof Integer) {
            long v = ((Number) value).longValue();
            if (Math.abs(v) > Json.MAX_SAFE_INTEGER) {
                throw new InvalidEventException("write canonical JSON: integer " + v + " is beyond ±(2^53-1) (send it as a string)");
            }
            out.append(v);
        } else if (value instanceof Double d) {
            try {
                out.append(NumberToJSON.serializeNumber(d));
            } catch (IOException e) {
                throw new InvalidEventException("write canonical JSON: " + d + " is not a finite number");
            }
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value == Json.NULL || value == null) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("write canonical JSON: unsupported value type " + value.getClass().getName());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        if (map instanceof SortedMap<?, ?> sorted && sorted.comparator() == null || inOrder(map)) {
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(out, (String) e.getKey());
                out.append(':');
                value(out, e.getValue());
            }
        } else {
            String[] keys = map.keySet().toArray(new String[0]);
            Arrays.sort(keys);
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) out.append(',');
                string(out, keys[i]);
                out.append(':');
                value(out, map.get(keys[i]));
            }
        }
        out.append('}');
    }

    /**
     * Whether iteration already yields the keys in canonical order: true of every map parsed from canonical
     * text and of the small maps the code builds in sorted order, which can then skip the sort and lookups.
     */
    private static boolean inOrder(Map<?, ?> map) {
        String previous = null;
        for (Object key : map.keySet()) {
            String k = (String) key;
            if (previous != null && previous.compareTo(k) >= 0) {
                return false;
            }
            previous = k;
        }
        return true;
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        out.append(s, run, s.length()).append('"');
    }
}
