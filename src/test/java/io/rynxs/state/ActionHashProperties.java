package io.rynxs.state;

import io.rynxs.event.WellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Action ids and a decision's actionsHash are written straight into a buffer; they must stay the content
 * hashes of docs/EVENTS.md, i.e. what {@link ContentHash} gives for the same values built as maps.
 */
class ActionHashProperties {

    @Property(tries = 500)
    void id_is_the_content_hash_of_the_four_fields(@ForAll("texts") String kind, @ForAll("texts") String namespace,
                                                    @ForAll("texts") String name, @ForAll("texts") String desiredHash) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("namespace", namespace);
        content.put("kind", kind);
        content.put("desiredHash", desiredHash);
        content.put("name", name);
        assertThat(Action.idOf(kind, namespace, name, desiredHash)).isEqualTo(ContentHash.ofObject(content));
    }

    @Property(tries = 300)
    void actions_hash_is_the_content_hash_of_the_array(@ForAll("actionLists") List<Action> actions) {
        List<Object> json = new ArrayList<>();
        actions.forEach(a -> json.add(a.toJson()));
        assertThat(Action.hashOf(actions)).isEqualTo(ContentHash.ofArray(json));
    }

    @Provide
    Arbitrary<List<Action>> actionLists() {
        Arbitrary<String> t = texts();
        return Combinators.combine(t, t, t, t).as(Action::of).list().ofMaxSize(6);
    }

    /** Non-empty strings over all of Unicode, so quotes, controls, surrogate pairs and non-ASCII are covered. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10).filter(WellFormed::utf16),
                Arbitraries.of("ConfigMap", "agent-1-runtime", "default", "a\"b\\c", "tab\there", "\u2028\u00e9\uD83D\uDE00"));
    }

}
