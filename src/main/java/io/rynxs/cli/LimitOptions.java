package io.rynxs.cli;

import io.rynxs.console.UsageException;
import io.rynxs.event.JsonLimits;
import picocli.CommandLine.Option;

/** Size and depth limits for payload and meta JSON (docs/DESIGN.md, The event). */
final class LimitOptions {
    @Option(names = "--max-payload-bytes", paramLabel = "N", defaultValue = "${env:RYNXS_MAX_PAYLOAD_BYTES:-262144}",
            description = "Largest canonical payload or meta in bytes (default ${DEFAULT-VALUE}).")
    int maxBytes;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "${env:RYNXS_MAX_JSON_DEPTH:-64}",
            description = "Deepest nesting of objects and arrays (default ${DEFAULT-VALUE}).")
    int maxDepth;

    JsonLimits toLimits() {
        try {
            return new JsonLimits(maxBytes, maxDepth);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
