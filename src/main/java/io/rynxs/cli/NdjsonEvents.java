package io.rynxs.cli;

import io.rynxs.console.Progress;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.InvalidEventException;
import io.rynxs.event.Json;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads producer events from NDJSON, one {@code {"type","aggregate","payload","meta"}} object per line.
 * Every line is checked before anything is written, so a bad line 900 leaves the log untouched. Lines are
 * split on newline bytes and each decoded strictly, so a byte that is not UTF-8 is reported with its line
 * and its offset in that line.
 */
final class NdjsonEvents {
    private static final Set<String> FIELDS = Set.of("type", "aggregate", "payload", "meta");
    /** Checking a line costs microseconds: asking the clock once per few thousand is free. */
    private static final int PROGRESS_LINES = 4096;

    private NdjsonEvents() {}

    /** Every event of {@code file} ({@code -}: stdin), telling {@code progress} how many lines it has read. */
    static List<NewEvent> read(Path file, JsonLimits limits, Progress progress) throws IOException {
        byte[] bytes = "-".equals(file.toString()) ? System.in.readAllBytes() : Files.readAllBytes(file);
        long lines = progress.on() ? lines(bytes) : 0;
        List<NewEvent> events = new ArrayList<>();
        int number = 0;
        int start = 0;
        // Split on raw newline bytes before decoding, so an invalid byte is reported on its own line.
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            if (number % PROGRESS_LINES == 0) {
                progress.at("append: read", number, lines, "lines");
            }
            String line = Utf8.decode(bytes, start, end, file + " line " + number, "save the file as UTF-8; nothing was written");
            start = end + 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(parse(line, limits));
            } catch (InvalidEventException e) {
                throw new InvalidEventException(file + " line " + number + ": " + e.getMessage() + " (nothing was written)");
            }
        }
        return events;
    }

    /** Lines in {@code bytes}, counting a last one without its newline. */
    private static long lines(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? n + 1 : n;
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
