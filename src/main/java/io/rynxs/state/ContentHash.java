package io.rynxs.state;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Sha256;
import java.util.List;
import java.util.Map;

/** The content hashes of docs/EVENTS.md: lowercase hex SHA-256 of a JSON value's RFC 8785 bytes. */
public final class ContentHash {
    private ContentHash() {}

    /** The hash of an object, e.g. {@code specHash} of a normalized spec. */
    public static String ofObject(Map<String, ?> value) {
        return Sha256.hexOfText(CanonicalJson.textOf(value));
    }

    /** The hash of an array, e.g. {@code actionsHash} of a decision's actions. */
    public static String ofArray(List<?> value) {
        return Sha256.hexOfText(CanonicalJson.textOf(value));
    }
}
