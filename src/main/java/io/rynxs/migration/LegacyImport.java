package io.rynxs.migration;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.EventType;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a verified rynxs-python log becomes events of ours: one {@code legacy.<type>} event per record, with
 * the legacy payload as payload and the legacy hash, seq, ts, hash version and meta under
 * {@code meta.legacy}, followed by one {@code LegacyLogImported} event that pins the legacy head hash.
 * Every event is built (and so checked) before the caller writes any.
 */
public final class LegacyImport {
    public static final String SUMMARY_TYPE = "LegacyLogImported";
    public static final String SUMMARY_AGGREGATE = "operator";
    static final String TYPE_PREFIX = "legacy.";

    private LegacyImport() {}

    /**
     * The events to append, in order: the records, then the summary.
     *
     * @param source what to record as the summary's {@code source}, e.g. the path given on the command line
     */
    public static List<NewEvent> events(VerifiedLegacyLog log, String source, JsonLimits limits) {
        List<NewEvent> out = new ArrayList<>(log.records().size() + 1);
        for (int i = 0; i < log.records().size(); i++) {
            LegacyRecord r = log.records().get(i);
            try {
                out.add(event(r, limits));
            } catch (InvalidEventException | IllegalArgumentException e) {
                throw LegacyRecordException.at(log.lines().get(i), r.seq(), "cannot be carried into the log: " + e.getMessage());
            }
        }
        out.add(summary(log, source));
        return out;
    }

    static NewEvent event(LegacyRecord r, JsonLimits limits) {
        String type = TYPE_PREFIX + r.type();
        if (!EventType.isExternal(type)) {
            throw new IllegalArgumentException("type \"" + r.type() + "\" does not make a valid event type " + type
                    + " (allowed after legacy.: letters, digits and '-', at most 128 characters in all)");
        }
        String aggregate = LegacyAggregate.of(r.aggregateId());
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("event_hash", r.eventHash());
        legacy.put("seq", r.seq());
        legacy.put("ts", r.ts());
        legacy.put("hash_version", r.hashVersion().tag());
        legacy.put("meta", r.meta() == null ? Map.of() : r.meta());
        if (!aggregate.equals(r.aggregateId())) {
            legacy.put("aggregate_id", r.aggregateId());
        }
        CanonicalJson payload = CanonicalJson.of(r.payload(), limits, "legacy payload");
        CanonicalJson meta = CanonicalJson.of(Map.of("legacy", legacy), limits, "legacy meta");
        return new NewEvent(type, aggregate, payload, meta);
    }

    static NewEvent summary(VerifiedLegacyLog log, String source) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("source", source);
        payload.put("records", (long) log.records().size());
        payload.put("lastSeq", log.lastSeq());
        payload.put("headHash", log.headHash());
        payload.put("hashVersions", Map.of("v1", log.count(HashVersion.V1), "v2", log.count(HashVersion.V2)));
        return new NewEvent(SUMMARY_TYPE, SUMMARY_AGGREGATE, CanonicalJson.of(payload), CanonicalJson.EMPTY);
    }

    /** True when {@code payload} is that of a summary of the same legacy log (same head hash). */
    public static boolean sameLog(CanonicalJson summaryPayload, String headHash) {
        return headHash.equals(summaryPayload.toMap().get("headHash"));
    }
}
