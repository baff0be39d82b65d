package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.rynxs.decision.OperatorWorkload;
import io.rynxs.merkle.Hash32;
import io.rynxs.merkle.InclusionProof;
import io.rynxs.merkle.MerkleHasher;
import io.rynxs.store.EventStore;
import io.rynxs.store.Head;
import io.rynxs.store.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code rynxs why} through the real jar: the chain and its proofs, human and JSON, and every refusal exits 2 with one line. */
class WhyCliIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static Path db;
    static Head before;

    @BeforeAll
    static void two_agents_reconciled_once() {
        db = dir.resolve("events.db");
        try (EventStore store = EventStore.open(StoreOptions.of(db))) {
            // Seq 1, 2: agent-0 and agent-1 observed; 3: agent-0 decided, 4..7 its four objects; 8: agent-1 decided, 9..12.
            new OperatorWorkload(2).append(store::appendAsync, 12);
            before = store.head();
        }
        assertThat(before.seq()).isEqualTo(12);
    }

    @AfterAll
    static void the_log_is_only_read() {
        try (EventStore store = EventStore.open(StoreOptions.existing(db))) {
            assertThat(store.head()).isEqualTo(before);
        }
    }

    private static RynxsJar.Result why(String... args) {
        List<String> argv = new ArrayList<>(List.of("why"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--db", db.toString()));
        return RynxsJar.run(argv);
    }

    @Test
    void json_output_is_the_applied_decided_observed_chain_and_each_proof_verifies_against_the_anchor() {
        RynxsJar.Result r = why("Deployment", "default", "agent-0-runtime", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode body = JSON.readTree(r.out());
        List<String> chain = new ArrayList<>();
        body.get("chain").forEach(l -> chain.add(l.get("seq").asLong() + " " + l.get("type").asString()));
        assertThat(chain).containsExactly("6 ActionApplied", "3 ActionsDecided", "1 AgentObserved");
        assertThat(body.at("/anchor/source").asString()).isEqualTo("head");
        assertThat(body.at("/anchor/treeSize").asLong()).isEqualTo(12);
        Hash32 root = Hash32.fromHex(body.at("/anchor/root").asString());
        for (JsonNode link : body.get("chain")) {
            List<Hash32> hashes = new ArrayList<>();
            link.at("/proof/hashes").forEach(h -> hashes.add(Hash32.fromHex(h.asString())));
            InclusionProof proof = new InclusionProof(link.at("/proof/leafIndex").asLong(), link.at("/proof/treeSize").asLong(), hashes);
            byte[] leaf = MerkleHasher.leafHash(HexFormat.of().parseHex(link.at("/event/hash").asString()));
            assertThatCode(() -> proof.verify(new Hash32(leaf), root)).as("seq " + link.get("seq")).doesNotThrowAnyException();
        }
    }

    @Test
    void human_output_lists_each_event_of_an_agent_with_its_verified_proof() {
        RynxsJar.Result r = why("Agent", "default", "agent-1");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("Agent default/agent-1 — proofs against head tree size 12 root ");
        assertThat(lines.stream().filter(l -> l.startsWith("  seq ")).map(l -> l.split(" ")[3] + " " + l.split(" ")[4]))
                .containsExactly("2 AgentObserved", "8 ActionsDecided", "9 ActionApplied", "10 ActionApplied", "11 ActionApplied",
                        "12 ActionApplied");
        assertThat(lines.stream().filter(l -> l.contains("inclusion proof:"))).hasSize(6).allMatch(l -> l.endsWith("verified"));
    }

    @Test
    void an_object_with_no_provenance_exits_2_naming_it() {
        for (String[] object : new String[][] {{"Deployment", "default", "nobody-runtime"}, {"Agent", "elsewhere", "agent-0"},
                {"ConfigMap", "default", "agent-0"}}) {
            RynxsJar.Result r = why(object);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).singleElement().asString()
                    .contains("the log has no history for " + object[0] + " " + object[1] + "/" + object[2]);
        }
    }

    @Test
    void a_kind_the_operator_does_not_write_exits_2_with_the_allowed_kinds() {
        RynxsJar.Result r = why("Pod", "default", "agent-0-runtime");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .contains("kind Pod is not one the operator writes (use Agent, ConfigMap, PersistentVolumeClaim, Deployment or NetworkPolicy)");
    }

    @Test
    void a_missing_argument_or_database_exits_2() {
        RynxsJar.Result missing = RynxsJar.run("why", "Deployment", "default", "--db", db.toString());
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("NAME");
        Path nowhere = dir.resolve("nowhere.db");
        RynxsJar.Result noDb = RynxsJar.run("why", "Deployment", "default", "agent-0-runtime", "--db", nowhere.toString());
        assertThat(noDb.exit()).as(noDb.toString()).isEqualTo(2);
        assertThat(noDb.err()).contains(nowhere.toString());
    }
}
