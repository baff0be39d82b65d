package io.rynxs.migration;

import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import io.rynxs.event.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * One line of a rynxs-python log, {@code {"event":{…},"event_hash":…,"prev_hash":…}}, with the shape of
 * its event checked against its hash version. {@link #parse} checks shape only; {@link #computeHash}
 * recomputes what {@code event_hash} should be, which {@link LegacyChain} compares.
 *
 * @param event the event object exactly as parsed: what the hash covers
 * @param meta the legacy meta, null when a v2 event omits it
 */
public record LegacyRecord(String type, String aggregateId, long seq, long ts, Map<String, Object> payload,
                           Map<String, Object> meta, HashVersion hashVersion, Map<String, Object> event,
                           String eventHash, String prevHash) {
    private static final Set<String> RECORD_FIELDS = Set.of("event", "event_hash", "prev_hash");
    private static final Set<String> EVENT_FIELDS = Set.of("type", "aggregate_id", "seq", "ts", "payload", "meta", "hash_version");
    /** Record, event, payload: three levels above the payload's own nesting limit. */
    private static final int MAX_DEPTH = 64 + 3;

    /** Parses one line; a problem is an {@link IllegalArgumentException} whose message is the reason. */
    public static LegacyRecord parse(String line) {
        refuseFloats(line);
        Map<String, Object> record;
        try {
            record = Json.parseObject(line, MAX_DEPTH);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException("is not a JSON record import-legacy can read (" + e.getMessage() + ")");
        }
        for (String key : record.keySet()) {
            if (!RECORD_FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown record field \"" + key + "\" (a record holds event, event_hash, prev_hash)");
            }
        }
        Map<String, Object> event = object(record.get("event"), "event");
        String eventHash = hash(record.get("event_hash"), "event_hash");
        String prevHash = hash(record.get("prev_hash"), "prev_hash");
        for (String key : event.keySet()) {
            if (!EVENT_FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown event field \"" + key + "\" (import-legacy would drop it)");
            }
        }
        HashVersion version = version(event);
        Map<String, Object> meta = event.containsKey("meta") ? object(event.get("meta"), "event.meta") : null;
        if (version == HashVersion.V1 && meta == null) {
            throw new IllegalArgumentException("v1 event without meta (v1 always writes meta; is a hash_version tag missing?)");
        }
        if (version == HashVersion.V2 && meta != null && meta.isEmpty()) {
            throw new IllegalArgumentException("v2 event with an empty meta (v2 omits an empty meta; is the tag wrong?)");
        }
        return new LegacyRecord(string(event.get("type"), "event.type"), string(event.get("aggregate_id"), "event.aggregate_id"),
                integer(event.get("seq"), "event.seq"), integer(event.get("ts"), "event.ts"),
                object(event.get("payload"), "event.payload"), meta, version, event, eventHash, prevHash);
    }

    /** SHA-256 of the 64 ASCII characters of {@code prev_hash} followed by the legacy canonical bytes of the event. */
    public String computeHash() {
        MessageDigest sha = Sha256.newDigest();
        sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
        sha.update(LegacyCanonicalJson.write(event).getBytes(StandardCharsets.UTF_8));
        return Sha256.toHex(sha.digest());
    }

    /**
     * Our parser reads {@code 1.0} as the integer 1, which Python would write back as {@code 1.0}: a float
     * must be refused before parsing or the record would look tampered with.
     */
    private static void refuseFloats(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                    if (line.charAt(i) == '\\') i++;
                }
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int start = i;
                while (i + 1 < line.length() && "0123456789+-.eE".indexOf(line.charAt(i + 1)) >= 0) i++;
                String number = line.substring(start, i + 1);
                if (number.contains(".") || number.contains("e") || number.contains("E")) {
                    throw new IllegalArgumentException("holds the number " + number + " at offset " + start
                            + ", a float; import-legacy carries only integers exactly (convert the log's floats to strings first)");
                }
            }
        }
    }

    private static HashVersion version(Map<String, Object> event) {
        if (!event.containsKey("hash_version")) {
            return HashVersion.V1;
        }
        Object tag = event.get("hash_version");
        if (!"v2".equals(tag)) {
            throw new IllegalArgumentException("unknown hash_version " + Json.write(tag) + " (known: absent for v1, \"v2\")");
        }
        return HashVersion.V2;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String field) {
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException(field + " is " + (v == null ? "missing" : "not an object"));
        }
        return (Map<String, Object>) v;
    }

    private static String string(Object v, String field) {
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(field + " is " + (v == null ? "missing" : "not a string"));
        }
        return s;
    }

    private static long integer(Object v, String field) {
        if (!(v instanceof Long n)) {
            throw new IllegalArgumentException(field + " is " + (v == null ? "missing" : "not an integer"));
        }
        return n;
    }

    private static String hash(Object v, String field) {
        if (!(v instanceof String s) || !Sha256.isHash(s)) {
            throw new IllegalArgumentException(field + " is " + (v == null ? "missing" : "not 64 lowercase hex characters"));
        }
        return s;
    }
}
