package io.rynxs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs for the disk-full tests: mounted by the test, which needs root and mount(8); where it cannot be,
 * the test is skipped with a message saying so, never passed.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path dir;

    private SmallTmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code megabytes} on a new temporary directory, or skips the test saying why. */
    public static SmallTmpfs mount(int megabytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("rynxs-tmpfs");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeThat(mounted).as("mounting a %d MB tmpfs needs root and mount(8) (%s); skipped: the disk-full path is not exercised",
                megabytes, out.strip()).isTrue();
        return new SmallTmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Space returns: the same mount, larger. */
    public void grow(int megabytes) throws IOException, InterruptedException {
        Process grow = new ProcessBuilder("mount", "-o", "remount,size=" + megabytes + "m", dir.toString()).start();
        assertThat(grow.waitFor(30, TimeUnit.SECONDS) && grow.exitValue() == 0).as("grow the tmpfs to %d MB", megabytes).isTrue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
}
