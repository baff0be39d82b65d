package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Podman as root on a store of its own (images, containers, volumes, locks and run state under two directories
 * this test creates), so that nothing another user of the machine keeps in /var/lib/containers is seen or
 * removed, and closing it removes everything it made. Configured for the CI machines: runc (crun refuses their
 * hybrid cgroups), cgroupfs and file events (no systemd or journald), and ulimits within the sandbox's hard limits
 * (podman's defaults exceed them and the container fails to start).
 */
final class Podman implements AutoCloseable {
    /** What one podman command produced. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + ", stdout [" + out.strip() + "], stderr [" + err.strip() + "]";
        }
    }

    /** Where podman as root keeps its blob-info cache whatever --root says; removed at close if this run made it. */
    private static final Path SHARED = Path.of("/var/lib/containers");

    private final Path store;
    private final Path run;
    private final Path conf;
    private final boolean sharedWasThere = Files.exists(SHARED);

    private Podman(Path store, Path run) throws IOException {
        this.store = store;
        this.run = run;
        this.conf = run.resolve("containers.conf");
        Files.createDirectories(store);
        Files.createDirectories(run.resolve("tmp"));
        // lock_type file: the default shm locks are shared by every podman on the machine, and a store seen for the
        // first time frees them all; file locks under our own tmp_dir touch no one else's containers.
        Files.writeString(conf, """
                [containers]
                default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
                [engine]
                runtime = "runc"
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                lock_type = "file"
                tmp_dir = "%s"
                """.formatted(run.resolve("tmp")));
    }

    /**
     * A new private store. The run directory is short on purpose: conmon's attach socket is
     * {@code tmp_dir/socket/<64-hex id>/attach}, and a socket path longer than 107 bytes cannot be bound.
     */
    static Podman create() throws IOException {
        long pid = ProcessHandle.current().pid();
        return new Podman(Path.of("/var/tmp/rynxs-imageit-" + pid), Path.of("/run/rynxs-it-" + pid));
    }

    Result run(String... args) {
        return run(Duration.ofMinutes(10), List.of(args));
    }

    Result run(Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>(List.of("podman", "--root", store.resolve("storage").toString(),
                "--runroot", run.resolve("storage").toString(), "--storage-driver", "overlay"));
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile(run, "out", ".txt");
            err = Files.createTempFile(run, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("CONTAINERS_CONF", conf.toString());
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("podman " + args + " did not finish within " + timeout);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running podman " + args, e);
        } finally {
            for (Path p : new Path[] {out, err}) {
                if (p != null) {
                    p.toFile().delete();
                }
            }
        }
    }

    /** Runs podman and requires exit 0; returns its stdout. */
    String ok(String... args) {
        Result r = run(args);
        assertThat(r.exit()).as("podman %s: %s", String.join(" ", args), r).isZero();
        return r.out();
    }

    /** Where podman keeps a named volume's files on this machine. */
    Path volumePath(String volume) {
        return Path.of(ok("volume", "inspect", "--format", "{{.Mountpoint}}", volume).strip());
    }

    /** Removes every container, volume and image of this store, then the store itself (never crossing a mount). */
    @Override
    public void close() throws IOException, InterruptedException {
        run("rm", "--all", "--force", "--time", "0");
        run("volume", "rm", "--all", "--force");
        run("rmi", "--all", "--force");
        for (Path dir : List.of(store, run)) {
            for (String mount : mountsUnder(dir)) {
                new ProcessBuilder("umount", "-l", mount).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            }
            if (mountsUnder(dir).isEmpty()) {
                new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start().waitFor(120, TimeUnit.SECONDS);
            } else {
                System.err.println("ImageIT: left " + dir + " in place: still mounted there: " + mountsUnder(dir));
            }
        }
        if (!sharedWasThere) {
            Files.deleteIfExists(SHARED.resolve("cache/blob-info-cache-v1.boltdb"));
            for (Path dir : List.of(SHARED.resolve("cache"), SHARED)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                } catch (NoSuchFileException gone) {
                    // Nothing was made there.
                }
            }
        }
    }

    /** Mount points at or below {@code dir}, deepest first. */
    private static List<String> mountsUnder(Path dir) throws IOException {
        String prefix = dir.toString();
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" ")[1])
                .filter(m -> m.equals(prefix) || m.startsWith(prefix + "/"))
                .sorted(Comparator.reverseOrder()).toList();
    }
}
