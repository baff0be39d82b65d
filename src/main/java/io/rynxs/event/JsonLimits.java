package io.rynxs.event;

/**
 * Bounds on JSON accepted into the log: the size of one payload (or meta) in canonical UTF-8 bytes
 * and the nesting depth of objects and arrays.
 */
public record JsonLimits(int maxBytes, int maxDepth) {
    /** 256 KiB and 64 levels, the defaults (docs/DESIGN.md, The event). */
    public static final JsonLimits DEFAULT = new JsonLimits(256 * 1024, 64);

    public JsonLimits {
        if (maxBytes < 2) {
            throw new IllegalArgumentException("JSON limits: maxBytes " + maxBytes + " is below 2 (an empty object needs 2 bytes)");
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("JSON limits: maxDepth " + maxDepth + " is below 1");
        }
    }
}
