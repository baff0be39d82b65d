package io.rynxs.cli;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.event.Json;
import io.rynxs.shipping.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test fixture for high availability: replicas of {@code rynxs serve --operator} as child JVMs, each with its
 * own data directory, one s3proxy child, and the fabric8 mock API server of the test JVM (reached through a
 * kubeconfig file), with short Lease timings.
 */
final class HaCluster implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration RETRY = Duration.ofMillis(500);
    static final String BUCKET = "rynxs-ha";

    final Path dir;
    final S3ProxyServer s3;
    final KubernetesClient client;
    final Path kubeconfig;
    final Path keyFile;
    final String vkey;
    final Map<String, ServeProcess> replicas = new LinkedHashMap<>();
    final Map<String, Path> dataDirs = new HashMap<>();

    HaCluster(Path dir, KubernetesClient client) throws IOException {
        this.dir = dir;
        this.client = client;
        installCrds(client);
        this.s3 = new S3ProxyServer(Files.createDirectories(dir.resolve("s3")));
        s3.start();
        this.kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, String.join("\n",
                "apiVersion: v1", "kind: Config", "clusters:", "- name: mock", "  cluster:",
                "    server: " + client.getMasterUrl().toString().replaceAll("/$", ""), "    insecure-skip-tls-verify: true",
                "contexts:", "- name: mock", "  context: {cluster: mock, user: mock, namespace: default}",
                "current-context: mock", "users:", "- name: mock", "  user: {token: test}", ""));
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Ed25519Signer signer = Ed25519Signer.generate("rynxs.ha/test");
        KeyFiles.write(keys, signer);
        this.keyFile = keys.resolve(KeyFiles.SIGNING_KEY);
        this.vkey = signer.verifierKey().toString();
    }

    static void installCrds(KubernetesClient client) {
        for (String f : List.of("agents.universe.ai.yaml", "sessions.universe.ai.yaml")) {
            try (InputStream in = Files.newInputStream(Path.of("helm/rynxs/crds", f))) {
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    String sink() {
        return "s3://" + BUCKET + "/events/";
    }

    Map<String, String> env(String id, int replicas, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(s3.env());
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("RYNXS_OPERATOR", "true");
        env.put("RYNXS_REPLICAS", String.valueOf(replicas));
        env.put("RYNXS_SEGMENTS_SINK", sink());
        env.put("RYNXS_SEGMENTS_MAX_AGE", "1s");
        env.put("RYNXS_FOLLOWER_POLL_INTERVAL", "300ms");
        env.put("RYNXS_SIGNING_KEY_FILE", keyFile.toString());
        env.put("RYNXS_LEADER_ELECTION_ENABLED", "true");
        env.put("RYNXS_LEADER_ELECTION_IDENTITY", id);
        env.put("RYNXS_LEADER_ELECTION_LEASE_NAMESPACE", "default");
        env.put("RYNXS_LEADER_ELECTION_LEASE_DURATION", LEASE.toSeconds() + "s");
        env.put("RYNXS_LEADER_ELECTION_RENEW_DEADLINE", "2s");
        env.put("RYNXS_LEADER_ELECTION_RETRY_PERIOD", RETRY.toMillis() + "ms");
        env.put("RYNXS_LOG_FORMAT", "text");
        env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -Xmx256m");
        env.putAll(extra);
        return env;
    }

    ServeProcess start(String id, int replicas, Map<String, String> extra) throws IOException {
        Path data = dataDirs.computeIfAbsent(id, k -> dir.resolve("data-" + k));
        Files.createDirectories(data);
        ServeProcess p = ServeProcess.start(data, env(id, replicas, extra));
        replicas().put(id, p);
        return p;
    }

    Map<String, ServeProcess> replicas() {
        return replicas;
    }

    /** The body of /readyz. */
    static String ready(ServeProcess p) {
        try {
            return p.get(p.apiPort, "/readyz").body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    Optional<String> leader() {
        for (Map.Entry<String, ServeProcess> e : replicas.entrySet()) {
            if (ready(e.getValue()).contains("role leader")) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    String awaitLeader(Duration atMost) {
        String[] found = {null};
        await("a leader").atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            found[0] = leader().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    Optional<String> leaseHolder() {
        Lease l = client.leases().inNamespace("default").withName("rynxs-operator").get();
        return l == null || l.getSpec() == null ? Optional.empty() : Optional.ofNullable(l.getSpec().getHolderIdentity());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) {
        return Json.parseObject(r.body(), 64);
    }

    /** The newest LeaderElected event a replica holds. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> lastLeaderElected(ServeProcess p) throws IOException, InterruptedException {
        Map<String, Object> page = json(p.get(p.apiPort, "/api/v1/events?type=LeaderElected&order=desc&limit=1"));
        List<Object> events = (List<Object>) page.get("events");
        return events.isEmpty() ? Map.of() : (Map<String, Object>) events.get(0);
    }

    static long headSeq(ServeProcess p) throws IOException, InterruptedException {
        return ((Number) json(p.get(p.apiPort, "/api/v1/head")).get("seq")).longValue();
    }

    static long quarantineTotal(ServeProcess p) throws IOException, InterruptedException {
        return ((Number) json(p.get(p.apiPort, "/api/v1/quarantine?events=false")).get("total")).longValue();
    }

    static double metric(ServeProcess p, String name) throws IOException, InterruptedException {
        for (String line : p.get(p.metricsPort, "/metrics").body().lines().toList()) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** {@code seq -> hash} of a (stopped) replica's database. */
    static Map<Long, String> events(Path data) throws SQLException {
        Map<Long, String> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("events.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT seq, hash FROM events ORDER BY seq")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2));
            }
        }
        return out;
    }

    RynxsJar.Result verifyBucket() {
        return RynxsJar.run(s3.env(), List.of("segments", "verify", "--from", sink(), "--vkey", vkey, "--json"));
    }

    /** Appends a stream of audit events to whichever replica leads; remembers every acknowledged seq and hash. */
    final class Stream implements AutoCloseable {
        final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        final Map<Long, String> by = new ConcurrentHashMap<>();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Stream() {
            thread = new Thread(this::run, "ha-stream");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            int i = 0;
            while (running.get()) {
                boolean sent = false;
                for (Map.Entry<String, ServeProcess> e : new ArrayList<>(replicas.entrySet())) {
                    try {
                        HttpResponse<String> r = e.getValue().postEvent("{\"type\":\"audit.HaTest\",\"aggregate\":\"ha/stream\",\"payload\":{\"i\":"
                                + i + "}}");
                        if (r.statusCode() == 201) {
                            Map<String, Object> body = json(r);
                            long seq = ((Number) body.get("seq")).longValue();
                            acknowledged.put(seq, (String) body.get("hash"));
                            by.put(seq, e.getKey());
                            sent = true;
                            i++;
                            break;
                        }
                    } catch (IOException | RuntimeException ex) {
                        // That replica is down or not leading: try the next.
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
                try {
                    Thread.sleep(sent ? 40 : 20);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    @Override
    public void close() {
        for (ServeProcess p : replicas.values()) {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        s3.close();
    }
}
