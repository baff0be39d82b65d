package io.rynxs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rynxs.event.Event;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at a random moment and checks that every append it acknowledged
 * is in the reopened log with the acknowledged hash, and that the chain verifies. Reproduce a run with
 * {@code -Drynxs.crash.seed=<seed printed by the test>}.
 */
class CrashDurabilityIT {
    private static final int ROUNDS = Integer.getInteger("rynxs.crash.rounds", 20);
    private static final int WRITERS = 8;
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void every_acknowledged_append_survives_sigkill_and_the_chain_verifies() throws Exception {
        long seed = Long.getLong("rynxs.crash.seed", System.nanoTime());
        System.out.println("CrashDurabilityIT seed " + seed + " (rerun with -Drynxs.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            int k = 50 + random.nextInt(1951);
            Path db = Files.createDirectory(dir.resolve("round-" + round)).resolve("events.db");
            crashAndCheck(db, k, "seed " + seed + " round " + round + " k " + k);
        }
    }

    private void crashAndCheck(Path db, int k, String label) throws Exception {
        Path stderr = db.resolveSibling("child.err");
        Process child = new ProcessBuilder(javaBin(), "-XX:TieredStopAtLevel=1", "-cp", classpath(),
                CrashChild.class.getName(), db.toString(), String.valueOf(WRITERS))
                .redirectError(stderr.toFile())
                .start();
        List<String> acks = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(child.getInputStream(), acks), "crash-ack-reader");
        reader.start();
        try {
            await(label).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .until(() -> acks.size() >= k || !child.isAlive());
            assertThat(child.isAlive()).as("%s: the child died before %d acks: %s", label, k, Files.readString(stderr)).isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("%s: child gone after SIGKILL", label).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(child.exitValue()).as("%s: killed by SIGKILL, not shut down", label).isEqualTo(SIGKILL_EXIT);
        assertThat(reader.isAlive()).as("%s: stdout drained", label).isFalse();

        Map<Long, String> acknowledged = new HashMap<>();
        for (String line : acks) {
            String[] parts = line.split(" ");
            assertThat(parts).as("%s: ack line %s", label, line).hasSize(2);
            String previous = acknowledged.put(Long.parseLong(parts[0]), parts[1]);
            assertThat(previous).as("%s: seq %s acknowledged twice", label, parts[0]).isNull();
        }
        assertThat(acknowledged).as(label).hasSizeGreaterThanOrEqualTo(k);

        try (EventStore store = EventStore.open(StoreOptions.existing(db))) {
            VerifyResult v = store.verify(1, 0);
            assertThat(v.ok()).as("%s: %s", label, v).isTrue();
            long maxAcked = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(store.head().seq()).as("%s: head covers every ack", label).isGreaterThanOrEqualTo(maxAcked);
            Map<Long, String> stored = hashesUpTo(store, maxAcked);
            for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
                assertThat(stored.get(ack.getKey())).as("%s: hash of acknowledged seq %d", label, ack.getKey()).isEqualTo(ack.getValue());
            }
        }
    }

    private static Map<Long, String> hashesUpTo(EventStore store, long last) {
        Map<Long, String> hashes = new HashMap<>();
        long after = 0;
        while (after < last) {
            List<Event> page = store.events(EventQuery.after(after, EventQuery.MAX_LIMIT));
            if (page.isEmpty()) {
                break;
            }
            page.forEach(e -> hashes.put(e.seq(), e.hash()));
            after = page.get(page.size() - 1).seq();
        }
        return hashes;
    }

    /** Keeps complete lines only: a line cut by the kill has no newline and acknowledges nothing. */
    private static void readLines(InputStream in, List<String> lines) {
        StringBuilder current = new StringBuilder();
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                String chunk = new String(buffer, 0, n, StandardCharsets.US_ASCII);
                for (int i = 0; i < chunk.length(); i++) {
                    char c = chunk.charAt(i);
                    if (c == '\n') {
                        lines.add(current.toString());
                        current.setLength(0);
                    } else {
                        current.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // The pipe broke with the process: what was read is all that was acknowledged.
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath() throws Exception {
        Path jar = Path.of(System.getProperty("rynxs.jar", "target/rynxs.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar (mvn verify packages it first)").isRegularFile();
        Path testClasses = Path.of(CrashChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar + File.pathSeparator + testClasses;
    }
}
