package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.rynxs.decision.AgentNormalizer;
import io.rynxs.decision.DecidedActions;
import io.rynxs.decision.Decider;
import io.rynxs.decision.Desired;
import io.rynxs.decision.ObservedAgent;
import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.NewEvent;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.store.AppendRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/provenance over real HTTP: the chain behind an object, proofs that verify, and every refusal. */
class ProvenanceApiIT {
    @TempDir
    Path dir;
    ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** The operator's events for one agent: observed, decided, four objects created. Returns them in seq order. */
    private List<Event> reconcile(String namespace, String name, String role) {
        List<Event> out = new ArrayList<>();
        ObservedAgent observed = AgentNormalizer.normalize(namespace, name, 1, Map.of(), Map.of("role", role));
        Event o = append(observed.event());
        out.add(o);
        DecidedActions decided = Decider.decideObserved(observed, o);
        out.add(append(decided.event()));
        for (Desired d : decided.desired()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("actionId", d.action().id());
            p.put("agent", namespace + "/" + name);
            p.put("kind", d.kind());
            p.put("name", d.name());
            p.put("namespace", d.namespace());
            p.put("result", "created");
            out.add(append(new NewEvent("ActionApplied", "agent/" + namespace + "/" + name, CanonicalJson.of(p), null)));
        }
        api.server.onAppended(api.store.head().seq());
        return out;
    }

    private Event append(NewEvent e) {
        return api.store.append(AppendRequest.of(e));
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Spec.JSON.readTree(r.body());
    }

    private static List<Long> seqs(JsonNode body) {
        List<Long> out = new ArrayList<>();
        body.get("chain").forEach(l -> out.add(l.get("seq").asLong()));
        return out;
    }

    /** Checks every link's proof against the anchor's root, as a client would, from the response alone. */
    private static void assertProofsVerify(JsonNode body) {
        Hash32 root = Hash32.fromHex(body.at("/anchor/root").asString());
        for (JsonNode link : body.get("chain")) {
            List<Hash32> hashes = new ArrayList<>();
            link.at("/proof/hashes").forEach(h -> hashes.add(Hash32.fromHex(h.asString())));
            InclusionProof proof = new InclusionProof(link.at("/proof/leafIndex").asLong(), link.at("/proof/treeSize").asLong(), hashes);
            byte[] eventHash = HexFormat.of().parseHex(link.at("/event/hash").asString());
            assertThat(link.at("/proof/leafIndex").asLong()).isEqualTo(link.get("seq").asLong() - 1);
            assertThat(link.at("/proof/treeSize").asLong()).isEqualTo(body.at("/anchor/treeSize").asLong());
            assertThatCode(() -> proof.verify(new Hash32(MerkleHasher.leafHash(eventHash)), root)).as("seq " + link.get("seq"))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void an_owned_object_is_explained_by_its_applied_decided_and_observed_events_with_proofs_against_the_head() {
        List<Event> alpha = reconcile("team-a", "alpha", "worker");
        reconcile("team-a", "beta", "manager");
        HttpResponse<String> r = api.getAs(ApiHarness.READER, "/api/v1/provenance?kind=Deployment&namespace=team-a&name=alpha-runtime");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Spec.INSTANCE.errors("Provenance", r.body())).as(r.body()).isEmpty();
        JsonNode body = json(r);
        List<String> types = new ArrayList<>();
        body.get("chain").forEach(l -> types.add(l.get("type").asString()));
        assertThat(types).containsExactly("ActionApplied", "ActionsDecided", "AgentObserved");
        // Deployment is the third object decided: the fifth event of alpha's reconcile.
        assertThat(seqs(body)).containsExactly(alpha.get(4).seq(), alpha.get(1).seq(), alpha.get(0).seq());
        assertThat(body.get("chain").get(0).at("/event/payload/name").asString()).isEqualTo("alpha-runtime");
        assertThat(body.at("/anchor/source").asString()).isEqualTo("head");
        assertThat(body.at("/anchor/treeSize").asLong()).isEqualTo(12);
        assertProofsVerify(body);
    }

    @Test
    void once_a_checkpoint_covers_the_chain_the_proofs_are_against_it_and_the_note_comes_along() {
        reconcile("team-a", "alpha", "worker");
        api.checkpoints.create(api.signer);
        reconcile("team-a", "gamma", "director");
        JsonNode body = json(api.get("/api/v1/provenance?kind=NetworkPolicy&namespace=team-a&name=alpha-egress"));
        assertThat(body.at("/anchor/source").asString()).isEqualTo("checkpoint");
        assertThat(body.at("/anchor/treeSize").asLong()).isEqualTo(6);
        assertThat(body.at("/anchor/note").asString()).startsWith(ApiHarness.ORIGIN + "\n6\n");
        assertProofsVerify(body);
    }

    @Test
    void an_agent_is_explained_by_its_latest_observation_the_decision_and_its_results() {
        List<Event> alpha = reconcile("team-a", "alpha", "worker");
        JsonNode body = json(api.get("/api/v1/provenance?kind=Agent&namespace=team-a&name=alpha"));
        assertThat(seqs(body)).containsExactlyElementsOf(alpha.stream().map(Event::seq).toList());
        assertProofsVerify(body);
    }

    @Test
    void an_object_the_log_never_produced_is_a_404_problem_that_names_it() {
        reconcile("team-a", "alpha", "worker");
        for (String query : List.of("kind=Deployment&namespace=team-a&name=nobody-runtime",
                "kind=Deployment&namespace=team-b&name=alpha-runtime", "kind=ConfigMap&namespace=team-a&name=alpha",
                "kind=Agent&namespace=team-a&name=nobody")) {
            HttpResponse<String> r = api.get("/api/v1/provenance?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(r).get("detail").asString()).as(query).contains("the log has no history for");
        }
        assertThat(json(api.get("/api/v1/provenance?kind=Deployment&namespace=team-a&name=nobody-runtime")).get("detail").asString())
                .contains("Deployment team-a/nobody-runtime");
    }

    @Test
    void bad_queries_are_400_problems_that_say_what_is_allowed_and_no_token_is_401() {
        reconcile("team-a", "alpha", "worker");
        HttpResponse<String> pod = api.get("/api/v1/provenance?kind=Pod&namespace=team-a&name=alpha-runtime");
        assertThat(pod.statusCode()).isEqualTo(400);
        assertThat(json(pod).get("detail").asString()).contains("kind").contains("Deployment");
        for (String query : List.of("kind=Deployment&namespace=team-a", "kind=Deployment&name=alpha-runtime",
                "namespace=team-a&name=alpha-runtime", "kind=Deployment&namespace=&name=alpha-runtime")) {
            HttpResponse<String> r = api.get("/api/v1/provenance?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(Spec.INSTANCE.errors("Problem", r.body())).as(r.body()).isEmpty();
            assertThat(json(r).get("detail").asString()).as(query).contains("kind, namespace and name are required");
        }
        assertThat(api.getAs(null, "/api/v1/provenance?kind=Agent&namespace=team-a&name=alpha").statusCode()).isEqualTo(401);
    }
}
