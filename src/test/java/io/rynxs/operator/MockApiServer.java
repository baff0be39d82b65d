package io.rynxs.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fabric8 mock API server in CRUD mode with the Agent and Session CRDs installed, as a process of its
 * own, for {@code rynxs bench operator} (and anyone who wants an API server to point {@code rynxs serve}
 * at). It lives on the test classpath so the product jar ships no fake API server; run it with
 * {@code scripts/mock-apiserver.sh}. It writes a kubeconfig naming it and serves until killed.
 */
public final class MockApiServer implements AutoCloseable {
    private final KubernetesMockServer server;
    private final Path kubeconfig;

    private MockApiServer(KubernetesMockServer server, Path kubeconfig) {
        this.server = server;
        this.kubeconfig = kubeconfig;
    }

    /** Starts on loopback ({@code port} 0: any free port), installs the CRDs and writes {@code kubeconfig}. */
    public static MockApiServer start(int port, Path kubeconfig) {
        // The mock logs every request at INFO; at thousands of requests a second that is the benchmark's bottleneck.
        Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        try (KubernetesClient client = server.createClient()) {
            MockCluster.installCrds(client);
        }
        String url = "http://127.0.0.1:" + server.getPort();
        try {
            Files.writeString(kubeconfig, """
                    # Written by MockApiServer: the fabric8 mock API server (CRUD mode), no credentials.
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: mock
                        cluster:
                          server: %s
                    contexts:
                      - name: mock
                        context:
                          cluster: mock
                          user: mock
                          namespace: default
                    current-context: mock
                    users:
                      - name: mock
                        user: {}
                    """.formatted(url));
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException(e);
        }
        return new MockApiServer(server, kubeconfig);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** {@code MockApiServer [--port N] [--kubeconfig FILE]}: serves until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        Path kubeconfig = Path.of("target/mock-apiserver.kubeconfig");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--kubeconfig" -> kubeconfig = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: MockApiServer [--port N] [--kubeconfig FILE] (unknown argument " + args[i] + ")");
                    System.exit(2);
                }
            }
        }
        MockApiServer mock = start(port, kubeconfig.toAbsolutePath());
        Runtime.getRuntime().addShutdownHook(new Thread(mock::close));
        System.out.println("mock API server (fabric8, CRUD mode, CRDs installed) at " + mock.url() + "; kubeconfig "
                + mock.kubeconfig());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
