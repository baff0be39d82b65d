package io.rynxs.config;

/** A configuration value that cannot be used: names the key, the value and what is allowed. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String value, String allowed) {
        super("configuration " + key + "=" + (value == null ? "(unset)" : "\"" + value + "\"") + " is not allowed (" + allowed + ")");
    }
}
