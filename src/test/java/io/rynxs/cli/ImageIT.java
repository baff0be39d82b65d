package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image: the Dockerfile built unchanged by podman FROM a stand-in base imported under its FROM name
 * ({@link StandInBase}), then run the way the Helm chart runs it (uid 10001, read-only root with a tmpfs /tmp, no
 * capabilities, no privilege escalation, 1 GiB, the log on a volume). Skipped, saying why, where podman cannot build
 * or run it: not root, podman, runc or debootstrap missing, no Debian mirror. Prints the image size and start time.
 */
class ImageIT {
    static final String IMAGE = "localhost/rynxs/operator:imageit";
    static final Path DOCKERFILE = Path.of("Dockerfile");
    static final String VOLUME = "rynxs-imageit-data";
    static final String EVENT = "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/image\",\"payload\":{\"i\":%d}}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Podman podman;
    static String from;
    static String buildOutput;
    /** Why the image cannot be built and run on this machine; null when it can. */
    static String notHere;

    @BeforeAll
    static void build_the_image_on_the_stand_in_base() throws Exception {
        from = StandInBase.from(DOCKERFILE);
        String mirror = StandInBase.mirror();
        notHere = whyNotHere(mirror);
        if (notHere != null) {
            System.out.println("ImageIT: skipped: " + notHere);
            return;
        }
        Path base = StandInBase.tarball(from, mirror);
        long t0 = System.nanoTime();
        StandInBase.importInto(podman, base, from);
        Podman.Result build = podman.run(Duration.ofMinutes(10), List.of("build", "--pull=never", "--network", "host", "-t", IMAGE, "."));
        assertThat(build.exit()).as("podman build of the unchanged Dockerfile: " + build).isZero();
        buildOutput = build.out() + build.err();
        long image = Long.parseLong(podman.ok("image", "inspect", "--format", "{{.Size}}", IMAGE).strip());
        long stand = Long.parseLong(podman.ok("image", "inspect", "--format", "{{.Size}}", StandInBase.qualified(from)).strip());
        System.out.printf("ImageIT: base imported and image built in %.1f s; image %.0f MB unpacked (the stand-in base %.0f MB,"
                + " the Dockerfile's layers %.1f MB)%n", (System.nanoTime() - t0) / 1e9, image / 1e6, stand / 1e6, (image - stand) / 1e6);
    }

    /** Each test is skipped with the reason, rather than the class vanishing from the report with none. */
    @BeforeEach
    void only_where_podman_can_build_and_run_it() {
        assumeThat(notHere).as("%s; skipped", notHere).isNull();
    }

    private static String whyNotHere(String mirror) throws IOException {
        if (!System.getProperty("os.name").equals("Linux")) {
            return "podman images are built on Linux only";
        }
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!uid.equals(0)) {
            return "building and running the image here needs root (running as uid " + uid + ")";
        }
        for (String tool : List.of("podman", "runc")) {
            if (!onPath(tool)) {
                return tool + " is not installed (apt-get install podman runc; .ci/run does it)";
            }
        }
        if (!StandInBase.isCached(from) && !onPath("debootstrap")) {
            return "debootstrap is not installed (apt-get install debootstrap; .ci/run does it) and no stand-in base is cached";
        }
        String unreachable = StandInBase.unreachable(mirror);
        if (unreachable != null) {
            return "the Debian mirror " + mirror + " does not answer (" + unreachable + "): the stand-in base and the Dockerfile's apt-get need it";
        }
        podman = Podman.create();
        Podman.Result info = podman.run("info");
        return info.exit() == 0 ? null : "podman cannot run here (" + info.err().strip() + ")";
    }

    @AfterAll
    static void remove_containers_volumes_images_and_the_store() throws Exception {
        if (podman != null) {
            podman.close();
        }
    }

    @Test
    void the_base_is_pinned_and_the_image_keeps_its_entrypoint_binds_every_address_and_prints_nothing_but_its_output() throws Exception {
        assertThat(from).as("an exact Temurin 17 JRE release on a named Ubuntu").matches("eclipse-temurin:17\\.0\\.\\d+_\\d+-jre-[a-z]+");
        assertThat(buildOutput).doesNotContain("useradd warning").doesNotContain("groupadd warning");
        JsonNode config = JSON.readTree(podman.ok("image", "inspect", IMAGE)).get(0).get("Config");
        assertThat(strings(config.get("Entrypoint"))).as("the base image's CA-certificates hook runs java")
                .startsWith("/__cacert_entrypoint.sh", "java").contains("-Djava.io.tmpdir=/tmp", "/app/rynxs.jar");
        assertThat(strings(config.get("Cmd"))).containsExactly("serve");
        assertThat(strings(config.get("Env"))).contains("RYNXS_BIND=0.0.0.0", "RYNXS_DATA_DIR=/var/lib/rynxs")
                .noneMatch(e -> e.startsWith("JAVA_TOOL_OPTIONS=") || e.startsWith("JDK_JAVA_OPTIONS="));
        assertThat(config.get("User").asString()).isEqualTo("10001:10001");

        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
        args.addAll(asTheChartRunsIt(null, false));
        args.addAll(List.of(IMAGE, "--version"));
        Podman.Result version = podman.run(Duration.ofMinutes(2), args);
        assertThat(version.exit()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("rynxs ");
        assertThat(version.err()).as("nothing on stderr (no 'Picked up JAVA_TOOL_OPTIONS')").isEmpty();
    }

    @Test
    void with_use_system_ca_certs_the_entrypoint_adds_the_mounted_certificate_and_still_runs_rynxs() throws Exception {
        Path dir = Files.createTempDirectory("rynxs-imageit-certs");
        try {
            Path cert = selfSignedCertificate(dir);

            List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "none", "-e", "USE_SYSTEM_CA_CERTS=1",
                    "-v", cert + ":/certificates/imageit-ca.crt:ro"));
            args.addAll(asTheChartRunsIt(null, false));
            args.addAll(List.of(IMAGE, "--version"));
            Podman.Result r = podman.run(Duration.ofMinutes(2), args);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("imageit-ca").contains("rynxs ");
            // As uid 10001 on a read-only root the hook cannot write the JRE's trust store: it hands the JVM a copy in /tmp
            // through JAVA_TOOL_OPTIONS, and the JVM says so (docs/operations.md, "The image").
            assertThat(r.err()).contains("Picked up JAVA_TOOL_OPTIONS");
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void serve_in_the_image_takes_appends_seals_on_sigterm_verifies_in_a_second_container_and_keeps_its_log_on_restart() throws Exception {
        Path tokens = Files.createTempFile("rynxs-imageit", ".tokens", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            Files.writeString(tokens, token + " imageit writer\n");
            podman.ok("volume", "create", VOLUME);
            Path sink = podman.volumePath(VOLUME).resolve("sink");

            ServeContainer first = ServeContainer.start(podman, serveArgs(tokens), IMAGE);
            HttpResponse<String> ready = first.get("/readyz", null);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(first.logs().out()).as("the API listens on every address (the image's RYNXS_BIND)").contains("API 0.0.0.0:" + first.api);
            Optional<String> own = ownAddress();
            if (own.isPresent()) {
                assertThat(first.get(own.get(), first.api, "/readyz", null).statusCode()).as("/readyz on %s", own.get()).isEqualTo(200);
            }
            HttpResponse<String> metrics = first.get("127.0.0.1", first.metrics, "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("rynxs_head_seq").containsPattern("(?m)^rynxs_\\w+");
            assertThat(first.post(EVENT.formatted(0), null).statusCode()).as("off loopback the API needs a token").isEqualTo(401);
            for (int i = 1; i <= 3; i++) {
                HttpResponse<String> appended = first.post(EVENT.formatted(i), token);
                assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
                assertThat(appended.body()).contains("\"seq\":" + i);
            }
            String head = first.get("/api/v1/head", token).body();
            assertThat(segments(sink)).as("nothing sealed before SIGTERM (RYNXS_SEGMENTS_MAX_AGE=1h)").isEmpty();

            long stopped = first.stop();
            assertThat(first.exitCode()).as("serve exits 0 on SIGTERM: " + first.logs()).isZero();
            assertThat(segments(sink)).as("SIGTERM sealed the tail into the sink").hasSize(1);
            Podman.Result logs = first.logs();
            assertThat(logs.out()).contains("stopped; head seq 3");
            assertJsonLinesOnly(logs);
            System.out.printf("ImageIT: first start to /readyz 200 in %.1f s (empty volume, signing key generated); SIGTERM to exit in %.1f s%n",
                    first.startMillis / 1e3, stopped / 1e3);

            // rynxs verify opens the database, which in WAL mode needs write access; segments verify reads the sink only.
            assertCli(false, "verify", "--db", "/var/lib/rynxs/events.db", "--vkey", "/var/lib/rynxs/keys/verifier.vkey", "--json");
            assertCli(true, "segments", "verify", "--from", "file:///var/lib/rynxs/sink/", "--vkey", "/var/lib/rynxs/keys/verifier.vkey", "--json");

            ServeContainer again = ServeContainer.start(podman, serveArgs(tokens), IMAGE);
            assertThat(again.get("/api/v1/head", token).body()).as("the log survives the restart").isEqualTo(head);
            HttpResponse<String> next = again.post(EVENT.formatted(4), token);
            assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
            assertThat(next.body()).contains("\"seq\":4");
            again.stop();
            assertThat(again.exitCode()).as(again.logs().toString()).isZero();
            assertJsonLinesOnly(again.logs());
            System.out.printf("ImageIT: restart to /readyz 200 in %.1f s (key on the volume)%n", again.startMillis / 1e3);
        } finally {
            Files.deleteIfExists(tokens);
        }
    }

    /** A CA certificate of its own, made by the JDK's keytool, readable by uid 10001. */
    private static Path selfSignedCertificate(Path dir) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path keystore = dir.resolve("ca.p12");
        Path cert = dir.resolve("imageit-ca.crt");
        for (List<String> args : List.of(
                List.of(keytool, "-genkeypair", "-keystore", keystore.toString(), "-storepass", "changeit", "-alias", "ca", "-keyalg", "EC",
                        "-dname", "CN=rynxs ImageIT CA", "-ext", "bc:c"),
                List.of(keytool, "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", "changeit", "-alias", "ca",
                        "-file", cert.toString()))) {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("%s: %s", String.join(" ", args), out).isZero();
        }
        cert.toFile().setReadable(true, false);
        return cert;
    }

    /** A one-shot CLI container on the same volume; exit 0 and {@code "ok":true}. */
    private static void assertCli(boolean readOnlyVolume, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
        args.addAll(asTheChartRunsIt(VOLUME, readOnlyVolume));
        args.add(IMAGE);
        args.addAll(List.of(command));
        Podman.Result r = podman.run(Duration.ofMinutes(2), args);
        assertThat(r.exit()).as("rynxs %s in a second container: %s", String.join(" ", command), r).isZero();
        assertThat(r.out()).contains("\"ok\":true").contains("\"events\":3");
    }

    /**
     * Serve as the chart runs it, with token auth mounted where the chart mounts it (kubernetes auth needs a cluster),
     * on the host network. The metrics port stays on loopback: it has no authentication and the host network is the
     * machine's. Nothing is sealed before SIGTERM (max age 1h), so the segment it leaves is the one the stop sealed.
     */
    private static List<String> serveArgs(Path tokens) {
        List<String> args = new ArrayList<>(List.of("--network", "host"));
        args.addAll(asTheChartRunsIt(VOLUME, false));
        args.addAll(List.of("-v", tokens + ":/etc/rynxs/api/tokens:ro", "-e", "RYNXS_API_AUTH=token",
                "-e", "RYNXS_API_TOKEN_FILE=/etc/rynxs/api/tokens", "-e", "RYNXS_METRICS_BIND=127.0.0.1", "-e", "RYNXS_SEGMENTS_MAX_AGE=1h"));
        return args;
    }

    /**
     * The chart's securityContext, /tmp emptyDir and memory limit as podman flags, with the named volume at the data
     * directory (none: the image's VOLUME gets an anonymous one, removed with the container).
     */
    static List<String> asTheChartRunsIt(String volume, boolean readOnly) {
        // --read-only-tmpfs=false: podman would also mount /run and /var/tmp writable; Kubernetes mounts only what the pod
        // declares, here the emptyDir at /tmp.
        List<String> flags = new ArrayList<>(List.of("--user", "10001:10001", "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--memory", "1g"));
        if (volume != null) {
            flags.addAll(List.of("-v", volume + ":/var/lib/rynxs" + (readOnly ? ":ro" : "")));
        }
        return flags;
    }

    private static void assertJsonLinesOnly(Podman.Result logs) {
        List<String> lines = logs.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(parsesAsObject(l)).as("a JSON log line: %s", l).isTrue());
        assertThat(logs.err()).as("stderr of serve").isEmpty();
    }

    private static boolean parsesAsObject(String line) {
        try {
            return JSON.readTree(line).isObject();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<Path> segments(Path sink) throws IOException {
        Path dir = sink.resolve("segments");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ndjson.gz")).toList();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    /** A non-loopback IPv4 address of this machine, which a server bound to 0.0.0.0 on the host network answers on. */
    private static Optional<String> ownAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(ImageIT::upAndNotLoopback).flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .map(InetAddress::getHostAddress).findFirst();
    }

    private static boolean upAndNotLoopback(NetworkInterface n) {
        try {
            return n.isUp() && !n.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/local/sbin:/usr/sbin:/sbin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).anyMatch(d -> new File(d, tool).canExecute());
    }
}
