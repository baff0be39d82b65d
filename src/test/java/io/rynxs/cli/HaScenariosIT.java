package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rynxs.event.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Split brain made loud, and rolling restarts that lose nothing (docs/DESIGN.md, High availability). */
@EnableKubernetesMockClient(crud = true, https = false)
class HaScenariosIT {
    static KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void two_processes_that_both_lead_collide_in_the_bucket_and_the_loser_steps_down_loudly() throws Exception {
        try (HaCluster ha = new HaCluster(dir, client)) {
            Map<String, String> lease = Map.of("RYNXS_LEADER_ELECTION_LEASE_NAME", "split-brain");
            ServeProcess a = ha.start("a", 2, lease);
            await().atMost(Duration.ofSeconds(60)).until(() -> HaCluster.ready(a).contains("role leader"));
            ServeProcess b = ha.start("b", 2, Map.of("RYNXS_LEADER_ELECTION_LEASE_NAME", "split-brain", "RYNXS_TEST_FORCE_LEADER", "true"));
            assertThat(HaCluster.ready(b)).contains("role leader").contains("forced");
            for (int i = 0; i < 10; i++) {
                assertThat(a.postEvent("{\"type\":\"audit.Split\",\"aggregate\":\"ha/a\",\"payload\":{\"i\":" + i + "}}").statusCode()).isEqualTo(201);
                assertThat(b.postEvent("{\"type\":\"audit.Split\",\"aggregate\":\"ha/b\",\"payload\":{\"i\":" + i + "}}").statusCode()).isEqualTo(201);
            }
            await("one of them loses the write-once race").atMost(Duration.ofSeconds(60))
                    .until(() -> HaCluster.ready(a).contains("fencing conflict") || HaCluster.ready(b).contains("fencing conflict"));
            ServeProcess loser = HaCluster.ready(a).contains("fencing conflict") ? a : b;
            ServeProcess winner = loser == a ? b : a;
            String winnerAgg = winner == a ? "ha/a" : "ha/b";
            assertThat(HaCluster.ready(loser)).contains("role follower");
            assertThat(HaCluster.ready(winner)).contains("role leader").doesNotContain("fencing conflict");
            assertThat(HaCluster.metric(loser, "rynxs_fencing_conflicts_total")).isEqualTo(1.0);
            assertThat(HaCluster.metric(winner, "rynxs_fencing_conflicts_total")).isEqualTo(0.0);
            assertThat(loser.logText()).contains("ERROR").contains("fencing conflict");
            assertThat(loser.postEvent("{\"type\":\"audit.Split\",\"aggregate\":\"ha/x\",\"payload\":{}}").statusCode())
                    .as("the loser takes no appends").isEqualTo(503);

            assertThat(winner.postEvent("{\"type\":\"audit.Split\",\"aggregate\":\"" + winnerAgg + "\",\"payload\":{\"after\":true}}").statusCode())
                    .isEqualTo(201);
            long winnerHead = HaCluster.headSeq(winner);
            await("the loser quarantines its tail and follows the winner").atMost(Duration.ofSeconds(60))
                    .until(() -> HaCluster.headSeq(loser) >= winnerHead && HaCluster.quarantineTotal(loser) > 0);
            Map<String, Object> q = HaCluster.json(loser.get(loser.apiPort, "/api/v1/quarantine"));
            Map<String, Object> batch = ((List<Map<String, Object>>) q.get("batches")).get(0);
            assertThat(batch.get("kind")).isEqualTo("fencing-conflict");
            assertThat((String) batch.get("reason")).contains("write-once key");
            assertThat(HaCluster.metric(loser, "rynxs_quarantined_events")).isEqualTo(((Number) q.get("total")).doubleValue());

            RynxsJar.Result verified = ha.verifyBucket();
            assertThat(verified.exit()).as(verified.toString()).isZero();
            Map<String, Object> page = HaCluster.json(winner.get(winner.apiPort, "/api/v1/events?type=audit.Split&limit=1000"));
            assertThat((List<Map<String, Object>>) page.get("events")).as("only the winner's chain is in the log")
                    .allSatisfy(e -> assertThat(e.get("aggregate")).isEqualTo(winnerAgg));
            Map<String, Object> bucket = Json.parseObject(verified.out(), 64);
            assertThat(((Number) bucket.get("headSeq")).longValue()).isLessThanOrEqualTo(winnerHead);
        }
    }

    @Test
    void rolling_restart_with_sigterm_loses_nothing_and_quarantines_nothing() throws Exception {
        try (HaCluster ha = new HaCluster(dir, client)) {
            Map<String, String> lease = Map.of("RYNXS_LEADER_ELECTION_LEASE_NAME", "rolling");
            ha.start("p", 2, lease);
            ha.start("q", 2, lease);
            Map<Long, String> acks;
            try (HaCluster.Stream stream = ha.new Stream()) {
                acks = stream.acknowledged;
                for (int round = 0; round < 2; round++) {
                    String leader = ha.awaitLeader(Duration.ofSeconds(60));
                    int before = stream.acknowledged.size();
                    await().atMost(Duration.ofSeconds(60)).until(() -> stream.acknowledged.size() >= before + 20);
                    ServeProcess old = ha.replicas.remove(leader);
                    assertThat(old.terminate()).isZero();
                    ha.awaitLeader(Duration.ofSeconds(60));
                    ha.start(leader, 2, lease);
                }
                int before = stream.acknowledged.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.acknowledged.size() >= before + 20);
            }
            ServeProcess leader = ha.replicas.get(ha.awaitLeader(Duration.ofSeconds(60)));
            for (Map.Entry<String, ServeProcess> e : ha.replicas.entrySet()) {
                assertThat(HaCluster.quarantineTotal(e.getValue())).as(e.getKey() + " quarantined nothing").isZero();
            }
            for (ServeProcess p : ha.replicas.values()) {
                if (p != leader) {
                    assertThat(p.terminate()).isZero();
                }
            }
            String leaderId = idOf(ha, leader);
            assertThat(leader.terminate()).isZero();
            for (String id : ha.replicas.keySet()) {
                Map<Long, String> log = HaCluster.events(ha.dataDirs.get(id));
                if (id.equals(leaderId)) {
                    assertThat(log).as("every acknowledged event is in the last leader's log, at its seq")
                            .containsAllEntriesOf(acks);
                }
            }
            RynxsJar.Result verified = ha.verifyBucket();
            assertThat(verified.exit()).as(verified.toString()).isZero();
            long shipped = ((Number) Json.parseObject(verified.out(), 64).get("headSeq")).longValue();
            assertThat(shipped).as("SIGTERM shipped the tail").isEqualTo(HaCluster.events(ha.dataDirs.get(leaderId)).size());
        }
    }

    private static String idOf(HaCluster ha, ServeProcess p) {
        return ha.replicas.entrySet().stream().filter(e -> e.getValue() == p).findFirst().orElseThrow().getKey();
    }
}
