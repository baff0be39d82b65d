package io.rynxs.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of {@code RYNXS_*} values (from CLI flags first, then the environment, then the default),
 * each failing with the key, the value and what is allowed.
 */
final class Settings {

    private final Map<String, String> flags;
    private final Map<String, String> env;

    Settings(Map<String, String> flags, Map<String, String> env) {
        this.flags = flags;
        this.env = env;
    }

    String raw(String key) {
        String v = flags.get(key);
        if (v == null) {
            v = env.get(key);
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    String string(String key, String fallback) {
        String v = raw(key);
        return v == null ? fallback : v;
    }

    int integer(String key, int fallback, int min, int max) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key, v, "an integer in " + min + ".." + max);
    }

    boolean bool(String key, boolean fallback) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new ConfigException(key, v, "true or false");
        }
    }

    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        Duration d = Durations.parse(v).orElse(null);
        if (d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
            return d;
        }
        throw new ConfigException(key, v, "a duration such as 500ms, 15s, 2m or 1h, from " + human(min) + " to " + human(max));
    }

    String oneOf(String key, String fallback, Set<String> allowed) {
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new ConfigException(key, v, "one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return lower;
    }

    Path path(String key, Path fallback) {
        String v = raw(key);
        return v == null ? fallback : Path.of(v);
    }

    /** A comma-separated list, blanks dropped; empty when unset. */
    List<String> list(String key) {
        String v = raw(key);
        return v == null ? List.of() : Arrays.stream(v.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
    }

    /** The value as written, or the effective default in the duration syntax: what a message about a cross-check shows. */
    String shown(String key, Duration effective) {
        return string(key, human(effective));
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }
}
