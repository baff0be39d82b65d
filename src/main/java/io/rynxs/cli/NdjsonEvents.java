package io.rynxs.cli;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads producer events from NDJSON, one {@code {"type","aggregate","payload","meta"}} object per line.
 * Every line is checked before anything is written, so a bad line 900 leaves the log untouched.
 */
final class NdjsonEvents {
    private static final Set<String> FIELDS = Set.of("type", "aggregate", "payload", "meta");

    private NdjsonEvents() {}

    static List<NewEvent> read(Path file, JsonLimits limits) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<NewEvent> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                "-".equals(file.toString()) ? System.in : Files.newInputStream(file), utf8))) {
            String line;
            int number = 0;
            while ((line = readLine(in, file, number + 1)) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(parse(line, limits));
                } catch (InvalidEventException e) {
                    throw new InvalidEventException(file + " line " + number + ": " + e.getMessage() + " (nothing was written)");
                }
            }
        }
        return events;
    }

    private static String readLine(BufferedReader in, Path file, int number) throws IOException {
        try {
            return in.readLine();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidEventException(file + " line " + number + ": not valid UTF-8 (nothing was written)");
        }
    }

    @SuppressWarnings("unchecked")
    private static NewEvent parse(String line, JsonLimits limits) {
        Map<String, Object> obj = Json.parseObject(line, limits.maxDepth() + 1);
        for (String key : obj.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new InvalidEventException("unknown field \"" + key + "\" (allowed: type, aggregate, payload, meta)");
            }
        }
        Object type = obj.get("type");
        Object aggregate = obj.get("aggregate");
        if (!(type instanceof String) || !(aggregate instanceof String)) {
            throw new InvalidEventException("\"type\" and \"aggregate\" must be strings");
        }
        return new NewEvent((String) type, (String) aggregate, object(obj, "payload", limits), object(obj, "meta", limits));
    }

    @SuppressWarnings("unchecked")
    private static CanonicalJson object(Map<String, Object> obj, String field, JsonLimits limits) {
        Object v = obj.get(field);
        if (v == null) {
            return CanonicalJson.EMPTY;
        }
        if (!(v instanceof Map)) {
            throw new InvalidEventException("\"" + field + "\" must be an object");
        }
        return CanonicalJson.of((Map<String, Object>) v, limits, "event " + field);
    }
}
