package io.rynxs.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of one request, checked against the names the route accepts: an unknown or
 * repeated name, a name or value that is not UTF-8 once percent-decoded, a malformed number or a value out
 * of range is a 400 naming the parameter and the range.
 */
final class Params {
    private final Map<String, List<String>> values;

    private Params(Map<String, List<String>> values) {
        this.values = values;
    }

    static Params of(Context ctx, String... allowed) {
        QueryString.check(ctx.queryString());
        Map<String, List<String>> values = ctx.queryParamMap();
        Set<String> known = Set.of(allowed);
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw ApiProblem.badRequest("query parameter \"" + shorten(e.getKey()) + "\" is not known here (allowed: "
                        + (allowed.length == 0 ? "none" : String.join(", ", allowed)) + ")");
            }
            if (e.getValue().size() > 1) {
                throw ApiProblem.badRequest("query parameter " + e.getKey() + " is given " + e.getValue().size() + " times (give it once)");
            }
        }
        return new Params(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    long number(String name, long min, long max, long dflt) {
        String text = string(name);
        return text == null ? dflt : parse(name, text, min, max);
    }

    /** A required number. */
    long number(String name, long min, long max) {
        String text = string(name);
        if (text == null) {
            throw ApiProblem.badRequest("query parameter " + name + " is missing (allowed: " + min + ".." + max + ")");
        }
        return parse(name, text, min, max);
    }

    String oneOf(String name, String dflt, String... allowed) {
        String text = string(name);
        if (text == null) {
            return dflt;
        }
        for (String a : allowed) {
            if (a.equals(text)) {
                return a;
            }
        }
        throw ApiProblem.badRequest("query parameter " + name + " \"" + shorten(text) + "\" is not allowed (use " + String.join(" or ", allowed) + ")");
    }

    Instant instant(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("query parameter " + name + " \"" + shorten(text)
                    + "\" is not an RFC 3339 date-time (e.g. 2026-11-26T10:00:00Z)");
        }
    }

    /** A path parameter that must be a number in range. */
    static long path(Context ctx, String name, long min, long max) {
        return parse(name, ctx.pathParam(name), min, max);
    }

    static long parse(String name, String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name + " \"" + shorten(text) + "\" is not an integer (allowed: " + min + ".." + max + ")");
        }
        if (n < min || n > max) {
            throw ApiProblem.badRequest(name + " " + n + " is outside " + min + ".." + max);
        }
        return n;
    }

    static String shorten(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}\"\\\\]", "?");
        return clean.length() > 64 ? clean.substring(0, 61) + "..." : clean;
    }
}
