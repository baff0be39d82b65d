package io.rynxs.state;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Sha256;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One decided action on an object owned by an agent, with its content-addressed id. */
public record Action(String id, String kind, String namespace, String name, String desiredHash) {
    static final Set<String> FIELDS = Set.of("id", "kind", "namespace", "name", "desiredHash");

    public Action {
        for (String v : List.of(id, kind, namespace, name, desiredHash)) {
            if (v == null || v.isEmpty()) {
                throw new StateException("action " + kind + " " + namespace + "/" + name + ": every field must be a non-empty string");
            }
        }
    }

    /** An action whose id is derived from its content, as the decision function must do. */
    public static Action of(String kind, String namespace, String name, String desiredHash) {
        return new Action(idOf(kind, namespace, name, desiredHash), kind, namespace, name, desiredHash);
    }

    /**
     * The id: {@link ContentHash#ofObject} of the four other fields, so equal actions get equal ids. Written
     * straight into a buffer in key order (replay checks the id of every action it reads).
     */
    public static String idOf(String kind, String namespace, String name, String desiredHash) {
        StringBuilder out = buffer();
        writeJson(out, null, kind, namespace, name, desiredHash);
        return Sha256.hexOfText(out);
    }

    /**
     * The content hash of a list of actions, a decision's {@code actionsHash}: {@link ContentHash#ofArray} of
     * their {@link #toJson} forms, written without building them.
     */
    public static String hashOf(List<Action> actions) {
        StringBuilder out = buffer();
        writeArray(out, actions);
        return Sha256.hexOfText(out);
    }

    private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(2048));

    /** A per-thread scratch buffer for the texts hashed above (a replay hashes five per decision). */
    private static StringBuilder buffer() {
        StringBuilder b = BUFFER.get();
        if (b.capacity() > 1 << 16) {
            b = new StringBuilder(2048);
            BUFFER.set(b);
        }
        b.setLength(0);
        return b;
    }

    /** Appends the canonical array of the actions' {@link #toJson} forms. */
    static void writeArray(StringBuilder out, List<Action> actions) {
        out.append('[');
        for (int i = 0; i < actions.size(); i++) {
            if (i > 0) out.append(',');
            Action a = actions.get(i);
            writeJson(out, a.id, a.kind, a.namespace, a.name, a.desiredHash);
        }
        out.append(']');
    }

    /** The canonical object of the fields, keys in RFC 8785 order; without {@code id} when it is null. */
    private static void writeJson(StringBuilder out, String id, String kind, String namespace, String name, String desiredHash) {
        CanonicalJson.appendString(out.append("{\"desiredHash\":"), desiredHash);
        if (id != null) {
            CanonicalJson.appendString(out.append(",\"id\":"), id);
        }
        CanonicalJson.appendString(out.append(",\"kind\":"), kind);
        CanonicalJson.appendString(out.append(",\"name\":"), name);
        CanonicalJson.appendString(out.append(",\"namespace\":"), namespace).append('}');
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("desiredHash", desiredHash);
        m.put("id", id);
        m.put("kind", kind);
        m.put("name", name);
        m.put("namespace", namespace);
        return m;
    }

    /** Reads an action whose fields are exactly the five of {@link #toJson}, because they are hashed. */
    static Action fromJson(JsonFields f) {
        f.onlyKeys(FIELDS);
        Action a = new Action(f.hash("id"), f.string("kind"), f.name("namespace"), f.name("name"), f.hash("desiredHash"));
        if (f.rechecksContentHashes() && !a.id.equals(idOf(a.kind, a.namespace, a.name, a.desiredHash))) {
            throw f.fail("id", "is not the content hash of kind, namespace, name and desiredHash");
        }
        return a;
    }
}
