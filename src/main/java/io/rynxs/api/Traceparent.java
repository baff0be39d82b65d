package io.rynxs.api;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The trace id and parent id of a W3C Trace Context {@code traceparent} header
 * ({@code version-traceid-parentid-flags}, lowercase hex). {@link #parse} returns nothing for a header the
 * specification calls invalid, so that the request starts a trace of its own instead of joining one nobody
 * can find: version {@code ff}, an all-zero trace id or parent id, uppercase or missing digits, a version
 * {@code 00} header of any length but 55, a later version whose first 55 characters do not have that layout
 * or are not followed by the end or a {@code -} (later versions may append fields, which are ignored), and a
 * header sent more than once (which one would count?).
 */
record Traceparent(String traceId, String parentId) {
    private static final Pattern PREFIX = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final int LENGTH = 55;
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_PARENT = "0".repeat(16);

    Traceparent {
        if (traceId == null || !traceId.matches("[0-9a-f]{32}") || traceId.equals(ZERO_TRACE)) {
            throw new IllegalArgumentException("traceparent: trace id " + traceId + " is not 32 lowercase hex digits, not all zero");
        }
        if (parentId == null || !parentId.matches("[0-9a-f]{16}") || parentId.equals(ZERO_PARENT)) {
            throw new IllegalArgumentException("traceparent: parent id " + parentId + " is not 16 lowercase hex digits, not all zero");
        }
    }

    /** The header's values as received (none, one, or a repeated header); empty unless exactly one valid value. */
    static Optional<Traceparent> parse(List<String> values) {
        return values.size() == 1 ? parse(values.get(0)) : Optional.empty();
    }

    /** One header value; surrounding spaces and tabs (optional whitespace in HTTP) are not part of it. */
    static Optional<Traceparent> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.length() < LENGTH || (v.length() > LENGTH && (v.startsWith("00") || v.charAt(LENGTH) != '-'))) {
            return Optional.empty();
        }
        var m = PREFIX.matcher(v.substring(0, LENGTH));
        if (!m.matches() || m.group(1).equals("ff") || m.group(2).equals(ZERO_TRACE) || m.group(3).equals(ZERO_PARENT)) {
            return Optional.empty();
        }
        return Optional.of(new Traceparent(m.group(2), m.group(3)));
    }
}
