package io.rynxs.event;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The compact writer behind {@link Json#write}: maps, lists, strings, integers, doubles, booleans and
 * {@link Json#NULL}, and records, written as objects of their components in declaration order — a response
 * says what it is by its type, and the order of its members by the order of its components. A component that
 * is Java {@code null} is left out (a member that is not there); {@link Json#NULL} writes JSON {@code null}.
 */
final class JsonWriter {
    private JsonWriter() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        writeValue(out, value);
        return out.toString();
    }

    private static void writeValue(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                writeString(out, (String) e.getKey());
                out.append(':');
                writeValue(out, e.getValue());
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
        } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new InvalidEventException("write JSON: " + d + " is not a finite number (JSON has no NaN or infinity)");
            }
            out.append(BigDecimal.valueOf(d).toString());
        } else if (value instanceof Record r) {
            writeRecord(out, r);
        } else if (value == Json.NULL || value == null) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("write JSON: unsupported value type " + value.getClass().getName());
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void writeRecord(StringBuilder out, Record r) {
        out.append('{');
        boolean first = true;
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                Method accessor = c.getAccessor();
                accessor.setAccessible(true);
                v = accessor.invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("write JSON: cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
            }
            if (v == null) {
                continue;
            }
            if (!first) out.append(',');
            first = false;
            writeString(out, c.getName());
            out.append(':');
            writeValue(out, v);
        }
        out.append('}');
    }
}
