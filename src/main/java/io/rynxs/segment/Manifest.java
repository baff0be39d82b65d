package io.rynxs.segment;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.EventTime;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.InvalidUtf8Exception;
import io.rynxs.event.Json;
import io.rynxs.event.Sha256;
import io.rynxs.event.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The manifest of one segment (docs/DESIGN.md, Segments and the sink), stored as JCS bytes under {@code manifests/<first>.json}: writing
 * it is what makes the segment exist. {@code previousManifestSha256} chains the manifests together.
 */
public record Manifest(int v, String origin, long first, long last, long count, String prev, String head, String root,
                       String object, String objectSha256, long objectBytes, String previousManifestSha256, long epoch,
                       String sealedAt) {
    public static final int VERSION = 1;

    private static final Set<String> FIELDS = Set.of("v", "origin", "first", "last", "count", "prev", "head", "root",
            "object", "objectSha256", "objectBytes", "previousManifestSha256", "epoch", "sealedAt");

    public Manifest {
        String subject = "manifest " + first;
        if (v != VERSION) {
            throw invalid(subject + ": version " + v + " is not supported (only " + VERSION + ")");
        }
        if (origin == null || origin.isEmpty() || origin.chars().anyMatch(c -> c < 0x20)) {
            throw invalid(subject + ": origin is empty or has control characters");
        }
        if (first < 1 || last < first || count != last - first + 1) {
            throw invalid(subject + ": first " + first + ", last " + last + " and count " + count
                    + " do not describe a range (count = last - first + 1, first ≥ 1)");
        }
        for (String[] h : new String[][] {{"prev", prev}, {"head", head}, {"root", root}, {"objectSha256", objectSha256},
                {"previousManifestSha256", previousManifestSha256}}) {
            if (!Sha256.isHash(h[1])) {
                throw invalid(subject + ": " + h[0] + " is not 64 lowercase hex characters");
            }
        }
        if (object == null || object.isEmpty()) {
            throw invalid(subject + ": object key is empty");
        }
        if (objectBytes < 0 || epoch < 0) {
            throw invalid(subject + ": objectBytes and epoch must not be negative");
        }
        if (!EventTime.isValid(sealedAt)) {
            throw invalid(subject + ": sealedAt is not RFC 3339 UTC with three fraction digits");
        }
    }

    /** The RFC 8785 canonical bytes: what is stored, and what the next manifest's {@code previousManifestSha256} hashes. */
    public byte[] toBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) v);
        m.put("origin", origin);
        m.put("first", first);
        m.put("last", last);
        m.put("count", count);
        m.put("prev", prev);
        m.put("head", head);
        m.put("root", root);
        m.put("object", object);
        m.put("objectSha256", objectSha256);
        m.put("objectBytes", objectBytes);
        m.put("previousManifestSha256", previousManifestSha256);
        m.put("epoch", epoch);
        m.put("sealedAt", sealedAt);
        return CanonicalJson.textOf(m).getBytes(StandardCharsets.UTF_8);
    }

    /** Hex SHA-256 of {@link #toBytes()}. */
    public String sha256() {
        return Sha256.hex(toBytes());
    }

    /**
     * Parses manifest bytes strictly: UTF-8, exactly the fourteen fields with their types, and canonical —
     * the bytes must be exactly what {@link #toBytes()} writes back.
     */
    public static Manifest parse(byte[] bytes) {
        String text;
        try {
            text = Utf8.decode(bytes, "parse manifest", "a manifest is the UTF-8 JSON rynxs wrote; the object was altered or damaged");
        } catch (InvalidUtf8Exception e) {
            throw invalid(e.getMessage());
        }
        Map<String, Object> m;
        try {
            m = Json.parseObject(text, 2);
        } catch (InvalidEventException e) {
            throw invalid("parse manifest: " + e.getMessage());
        }
        if (!m.keySet().equals(FIELDS)) {
            throw invalid("parse manifest: fields " + m.keySet() + " are not exactly " + FIELDS);
        }
        long v = number(m, "v");
        if (v != VERSION) {
            throw invalid("parse manifest: version " + v + " is not supported (only " + VERSION + ")");
        }
        Manifest manifest = new Manifest((int) v, string(m, "origin"), number(m, "first"), number(m, "last"),
                number(m, "count"), string(m, "prev"), string(m, "head"), string(m, "root"), string(m, "object"),
                string(m, "objectSha256"), number(m, "objectBytes"), string(m, "previousManifestSha256"),
                number(m, "epoch"), string(m, "sealedAt"));
        if (!Arrays.equals(manifest.toBytes(), bytes)) {
            throw invalid("parse manifest " + manifest.first + ": bytes are not RFC 8785 canonical (the file was rewritten)");
        }
        return manifest;
    }

    private static long number(Map<String, Object> m, String field) {
        if (!(m.get(field) instanceof Long n)) {
            throw invalid("parse manifest: " + field + " is not an integer");
        }
        return n;
    }

    private static String string(Map<String, Object> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw invalid("parse manifest: " + field + " is not a string");
        }
        return s;
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }
}
