package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The stand-in for the Dockerfile's base image where no registry can be reached: a Debian root filesystem built by
 * {@code src/test/image/stand-in-base.sh} and imported under the Dockerfile's FROM name, so that the Dockerfile is
 * built unchanged. The tarball is cached under {@link #CACHE}, keyed by the FROM name and the two scripts that make
 * it, so that a second run on the same machine skips debootstrap.
 */
final class StandInBase {
    static final Path SCRIPT = Path.of("src/test/image/stand-in-base.sh");
    static final Path ENTRYPOINT = Path.of("src/test/image/cacert-entrypoint.sh");
    static final Path CACHE = Path.of("/var/cache/rynxs-image-base");
    /** What the Temurin images set that the JVM and their entrypoint rely on; the tarball carries no image config. */
    static final List<String> CONFIG = List.of(
            "ENV JAVA_HOME=/opt/java/openjdk",
            "ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "ENV LANG=C.UTF-8",
            "ENTRYPOINT [\"/__cacert_entrypoint.sh\"]");

    private StandInBase() {}

    /** The image name of the Dockerfile's first FROM line. */
    static String from(Path dockerfile) throws IOException {
        return Files.readAllLines(dockerfile).stream().map(String::strip).filter(l -> l.startsWith("FROM "))
                .map(l -> l.split("\\s+")[1]).findFirst()
                .orElseThrow(() -> new AssertionError(dockerfile + " has no FROM line"));
    }

    /** The name as Docker resolves it ({@code eclipse-temurin:T} is {@code docker.io/library/eclipse-temurin:T}). */
    static String qualified(String name) {
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return name;
        }
        return "docker.io/" + (name.contains("/") ? "" : "library/") + name;
    }

    /** The machine's Debian mirror for bookworm, from apt's sources (deb822 or one-line); Debian's own otherwise. */
    static String mirror() throws IOException {
        List<Path> sources = new ArrayList<>();
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".sources") || p.toString().endsWith(".list")).sorted().forEach(sources::add);
            }
        }
        sources.add(Path.of("/etc/apt/sources.list"));
        for (Path p : sources) {
            if (Files.isReadable(p)) {
                Optional<String> uri = p.toString().endsWith(".sources") ? deb822(Files.readString(p)) : oneLine(Files.readAllLines(p));
                if (uri.isPresent()) {
                    return uri.get().replaceAll("/+$", "");
                }
            }
        }
        return "http://deb.debian.org/debian";
    }

    private static Optional<String> deb822(String text) {
        for (String stanza : text.split("\\n\\s*\\n")) {
            List<String> types = field(stanza, "Types");
            List<String> suites = field(stanza, "Suites");
            List<String> uris = field(stanza, "URIs");
            if (types.contains("deb") && suites.contains("bookworm") && !uris.isEmpty() && !field(stanza, "Enabled").contains("no")) {
                return Optional.of(uris.get(0));
            }
        }
        return Optional.empty();
    }

    private static List<String> field(String stanza, String name) {
        return stanza.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .findFirst().map(l -> List.of(l.substring(name.length() + 1).strip().split("\\s+"))).orElse(List.of());
    }

    private static Optional<String> oneLine(List<String> lines) {
        for (String line : lines) {
            String l = line.strip().replaceAll("\\[[^]]*]\\s*", "");
            String[] f = l.split("\\s+");
            if (f.length >= 3 && f[0].equals("deb") && f[2].equals("bookworm")) {
                return Optional.of(f[1]);
            }
        }
        return Optional.empty();
    }

    /** Why the mirror cannot serve debootstrap and the Dockerfile's apt-get; null when it answers. */
    static String unreachable(String mirror) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(mirror + "/dists/bookworm/InRelease"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? null : "HTTP " + r.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static boolean isCached(String from) throws IOException {
        return Files.isRegularFile(cached(from));
    }

    private static Path cached(String from) throws IOException {
        return CACHE.resolve(from.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + recipeHash() + ".tar");
    }

    /** The cached tarball for {@code from}, built first (about a minute) when there is none. */
    static Path tarball(String from, String mirror) throws IOException, InterruptedException {
        Path cached = cached(from);
        String key = cached.getFileName().toString().replaceFirst("\\.tar$", "");
        if (Files.isRegularFile(cached)) {
            Files.setLastModifiedTime(cached, FileTime.from(Instant.now()));
            System.out.println("ImageIT: stand-in base from the cache, " + cached);
            return cached;
        }
        Files.createDirectories(CACHE);
        Path partial = CACHE.resolve(key + ".tar." + ProcessHandle.current().pid() + ".partial");
        long t0 = System.nanoTime();
        Path log = CACHE.resolve(key + ".log");
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), mirror, partial.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        if (!done) {
            // SIGTERM first: the script's exit trap unmounts /proc inside its tree and removes it.
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        assertThat(done && p.exitValue() == 0).as("%s %s: see %s", SCRIPT, done ? "failed" : "timed out", log).isTrue();
        // Tarballs of an older FROM or recipe would only fill the disk: those unused for an hour go (a run that uses
        // one touches it first).
        Instant unused = Instant.now().minus(Duration.ofHours(1));
        try (Stream<Path> old = Files.list(CACHE)) {
            for (Path o : old.filter(o -> o.getFileName().toString().matches(".*\\.(tar|log)") && !o.equals(log)).toList()) {
                if (Files.getLastModifiedTime(o).toInstant().isBefore(unused)) {
                    Files.deleteIfExists(o);
                }
            }
        }
        Files.deleteIfExists(log);
        Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("ImageIT: stand-in base built in %.0f s (debootstrap from %s), cached as %s%n", (System.nanoTime() - t0) / 1e9, mirror, cached);
        return cached;
    }

    private static String recipeHash() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(SCRIPT));
            sha.update(Files.readAllBytes(ENTRYPOINT));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Imports the tarball under the FROM name, with the base image's configuration. */
    static void importInto(Podman podman, Path tarball, String from) {
        List<String> args = new ArrayList<>(List.of("import"));
        for (String change : CONFIG) {
            args.add("--change");
            args.add(change);
        }
        args.add(tarball.toString());
        args.add(qualified(from));
        Podman.Result r = podman.run(Duration.ofMinutes(5), args);
        assertThat(r.exit()).as("podman import: " + r).isZero();
    }
}
