package io.rynxs.state;

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

    /** The id: {@link ContentHash#ofObject} of the four other fields, so equal actions get equal ids. */
    public static String idOf(String kind, String namespace, String name, String desiredHash) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("desiredHash", desiredHash);
        content.put("kind", kind);
        content.put("name", name);
        content.put("namespace", namespace);
        return ContentHash.ofObject(content);
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
