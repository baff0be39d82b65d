package io.rynxs.shipping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server (s3proxy, filesystem-nio2 blob store) in a child process, so a test can stop it and
 * start it again on the same port and data directory.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "rynxs-test";
    public static final String SECRET_KEY = "rynxs-test-secret";

    private final Path dir;
    private final int port;
    private Process process;

    public S3ProxyServer(Path dir) {
        this.dir = dir;
        this.port = freePort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The environment a child {@code rynxs} needs to reach this server. */
    public Map<String, String> env() {
        return Map.of("RYNXS_S3_ENDPOINT", endpoint().toString(), "RYNXS_S3_REGION", "us-east-1", "RYNXS_S3_PATH_STYLE", "true",
                "RYNXS_S3_CREATE_BUCKET", "true", "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    public S3Settings settings(String bucket) {
        return new S3Settings(bucket, endpoint(), "us-east-1", true, true, ACCESS_KEY, SECRET_KEY);
    }

    public synchronized void start() {
        try {
            Path data = Files.createDirectories(dir.resolve("blobs"));
            Path conf = dir.resolve("s3proxy.conf");
            Files.writeString(conf, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + data,
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY, ""));
            String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar, "--properties", conf.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.log").toFile())
                    .start();
            awaitPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitPort() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ", see " + dir.resolve("s3proxy.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("s3proxy did not listen on " + port + " within 120 s");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
