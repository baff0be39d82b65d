package io.rynxs.state;

import io.rynxs.event.Json;
import io.rynxs.event.Sha256;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads from one parsed JSON object, each failing with a {@link MalformedJsonException} whose
 * message names the path of the field, e.g. {@code payload.trigger.seq: expected an integer >= 1}.
 * The messages become the {@code reason} of rejected events, so they depend only on the input.
 */
final class JsonFields {
    private final Map<String, Object> map;
    // The path is only spelled out for an error message: a snapshot holds thousands of nested objects.
    private final JsonFields parent;
    private final String name;
    private final int index;
    private final boolean recheck;

    private JsonFields(Map<String, Object> map, JsonFields parent, String name, int index, boolean recheck) {
        this.map = map;
        this.parent = parent;
        this.name = name;
        this.index = index;
        this.recheck = recheck;
    }

    static JsonFields of(Map<String, Object> map, String path) {
        return new JsonFields(map, null, path, -1, true);
    }

    /**
     * Fields of a stored snapshot whose bytes already matched their stored hash: every type and format
     * is still checked, but content hashes ({@code specHash}, action ids, {@code actionsHash}) are taken
     * as written, because the reducer checked each one when the event that carried it was applied.
     * See docs/design/snapshots.md.
     */
    static JsonFields ofSnapshot(Map<String, Object> map, String path) {
        return new JsonFields(map, null, path, -1, false);
    }

    /** Element {@code index} of the array member {@code key}, read as an object with this object's policy on content hashes. */
    JsonFields element(String key, Object value, int index) {
        return nested(value, key, index);
    }

    @SuppressWarnings("unchecked")
    private JsonFields nested(Object value, String key, int index) {
        if (!(value instanceof Map)) {
            throw new MalformedJsonException(path(key, index) + ": expected an object, found " + describe(value));
        }
        return new JsonFields((Map<String, Object>) value, this, key, index, recheck);
    }

    /** Whether content hashes are recomputed and compared (false only for verified snapshots). */
    boolean rechecksContentHashes() {
        return recheck;
    }

    /** Where this object is, e.g. {@code payload.actions[2]}. */
    String path() {
        if (parent == null) {
            return name;
        }
        return parent.path(name, index);
    }

    private String path(String key, int i) {
        return path() + "." + key + (i >= 0 ? "[" + i + "]" : "");
    }

    Map<String, Object> map() {
        return map;
    }

    Object value(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new MalformedJsonException(at(key) + ": missing");
        }
        return v;
    }

    /** A non-empty string. */
    String string(String key) {
        if (value(key) instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw expected(key, "a non-empty string");
    }

    /** A Kubernetes-style name: non-empty, without '/', so that {@code namespace/name} keys are unambiguous. */
    String name(String key) {
        String s = string(key);
        if (s.indexOf('/') >= 0) {
            throw new MalformedJsonException(at(key) + ": \"/\" is not allowed in a name");
        }
        return s;
    }

    String hash(String key) {
        if (value(key) instanceof String s && Sha256.isHash(s)) {
            return s;
        }
        throw expected(key, "64 lowercase hex characters");
    }

    /** Reads {@code specHash} and checks it is the content hash of {@code spec}, so a state never holds a wrong one. */
    String specHash(Map<String, Object> spec) {
        String h = hash("specHash");
        if (recheck && !h.equals(ContentHash.ofObject(spec))) {
            throw fail("specHash", "does not match the canonical hash of spec");
        }
        return h;
    }

    long integer(String key, long min) {
        if (value(key) instanceof Long n && n >= min) {
            return n;
        }
        throw expected(key, "an integer >= " + min);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String key) {
        if (value(key) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw expected(key, "an object");
    }

    JsonFields fields(String key) {
        return nested(value(key), key, -1);
    }

    @SuppressWarnings("unchecked")
    List<Object> array(String key) {
        if (value(key) instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw expected(key, "an array");
    }

    /** Fails on any key outside {@code allowed}: for objects whose exact content is hashed. */
    void onlyKeys(Set<String> allowed) {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw new MalformedJsonException(at(k) + ": unexpected field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    MalformedJsonException fail(String key, String what) {
        return new MalformedJsonException(at(key) + ": " + what);
    }

    private MalformedJsonException expected(String key, String what) {
        return new MalformedJsonException(at(key) + ": expected " + what + ", found " + describe(map.get(key)));
    }

    private String at(String key) {
        return path(key, -1);
    }

    static String describe(Object value) {
        if (value instanceof Map) return "an object";
        if (value instanceof List) return "an array";
        if (value instanceof String s) return s.isEmpty() ? "an empty string" : "a string";
        if (value instanceof Boolean) return "a boolean";
        if (value instanceof Long n) return "the integer " + n;
        if (value == Json.NULL) return "null";
        if (value == null) return "nothing";
        return "a non-integer number";
    }
}
