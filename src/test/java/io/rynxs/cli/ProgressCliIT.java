package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Event;
import io.rynxs.event.EventTime;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import io.rynxs.event.Sha256;
import io.rynxs.store.BulkLoad;
import io.rynxs.store.EventStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long commands say how far they got on stderr when it is a terminal: the real jar under a pseudo-terminal
 * (util-linux {@code script}), against the same command with stderr in a file, which prints none unless
 * {@code --progress} asks. The lines come every 100 ms here ({@code -Drynxs.progress.every}) instead of every
 * second, so that a log of a few seconds shows several on any machine.
 */
class ProgressCliIT {
    private static final int EVENTS = 60_000;
    private static final Pattern VERIFY = Pattern.compile("verify: ([0-9,]+) of 60,000 events \\(\\d+ %\\), [0-9.]+ s");

    @TempDir
    static Path dir;

    static Path db;

    @BeforeAll
    static void aLogOfAFewSecondsToVerify() {
        db = dir.resolve("big.db");
        load(db, EVENTS);
    }

    @Test
    void verify_in_a_terminal_prints_rising_counts_on_stderr_and_keeps_json_stdout_clean() throws IOException {
        Path json = dir.resolve("verify.json");
        String terminal = inTerminal(rynxs("verify", "--db", db.toString(), "--json") + " > " + json);
        List<Long> counts = counts(VERIFY, terminal);
        assertThat(counts).as("progress lines on the terminal: " + terminal).hasSizeGreaterThanOrEqualTo(2);
        assertThat(counts).as("rising").isSorted().doesNotHaveDuplicates();
        assertThat(counts.get(counts.size() - 1)).isLessThanOrEqualTo(EVENTS);
        String out = Files.readString(json, StandardCharsets.UTF_8);
        assertThat(out).startsWith("{\"ok\":true,\"events\":60000,").endsWith("}\n").doesNotContain("verify:");
    }

    @Test
    void verify_with_stderr_in_a_file_prints_no_progress() throws Exception {
        Path out = dir.resolve("quiet.out");
        Path err = dir.resolve("quiet.err");
        int exit = run(List.of("sh", "-c", rynxs("verify", "--db", db.toString()) + " > " + out + " 2> " + err));
        assertThat(exit).isZero();
        assertThat(Files.readString(out)).startsWith("ok: 60000 events verified");
        assertThat(Files.readString(err)).as("stderr is a file, not a terminal").isEmpty();
    }

    @Test
    void append_seal_and_restore_print_progress_into_a_file_when_asked() throws Exception {
        Path ndjson = dir.resolve("events.ndjson");
        try (var w = Files.newBufferedWriter(ndjson)) {
            for (int i = 0; i < 10_000; i++) {
                w.write("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s" + i % 20 + "\",\"payload\":{\"i\":" + i + "}}\n");
            }
        }
        Path small = dir.resolve("small.db");
        String append = forced("append", "--db", small.toString(), "--from-ndjson", ndjson.toString(), "--json");
        assertThat(counts(Pattern.compile("append: wrote ([0-9,]+) of 10,000 events"), append)).as(append).isNotEmpty().isSorted();

        RynxsJar.Result keys = RynxsJar.run("keygen", "--name", "rynxs.test/progress", "--out", dir.resolve("keys").toString());
        assertThat(keys.exit()).as(keys.toString()).isZero();
        String sink = dir.resolve("sink").toUri().toString();
        String seal = forced("segments", "seal", "--db", small.toString(), "--sink", sink,
                "--key", dir.resolve("keys/signing.key").toString(), "--max-events", "500", "--force");
        assertThat(counts(Pattern.compile("segments seal: shipped through seq ([0-9,]+) of 10,000"), seal)).as(seal)
                .isNotEmpty().isSorted();

        String restore = forced("restore", "--from", sink, "--db", dir.resolve("restored.db").toString(),
                "--vkey", dir.resolve("keys/verifier.vkey").toString());
        assertThat(counts(Pattern.compile("restore: read ([0-9,]+) of 10,000 events"), restore)).as(restore).isNotEmpty().isSorted();
    }

    /** The command's stderr, with {@code --progress} and stderr in a file; the command must succeed. */
    private static String forced(String... args) throws Exception {
        Path err = Files.createTempFile(dir, "forced", ".err");
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--progress");
        int exit = run(List.of("sh", "-c", rynxs(all.toArray(String[]::new)) + " > /dev/null 2> " + err));
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(exit).as(String.join(" ", args) + ": " + text).isZero();
        return text;
    }

    /** What a terminal shows while {@code command} runs in it: stdout and stderr both go to the pseudo-terminal. */
    private static String inTerminal(String command) throws IOException {
        assertThat(Path.of("/usr/bin/script")).as("util-linux script (Debian bsdutils), which runs a command under a pty").exists();
        Path screen = Files.createTempFile(dir, "terminal", ".txt");
        try {
            int exit = run(new ProcessBuilder("script", "-qec", command, "/dev/null").redirectOutput(screen.toFile()));
            String text = Files.readString(screen, StandardCharsets.UTF_8);
            assertThat(exit).as(text).isZero();
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD));
    }

    private static int run(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(pb.command() + " did not finish within 120 s");
        }
        return p.exitValue();
    }

    /** A shell command line running the jar with progress every 100 ms; the paths here have no spaces or quotes. */
    private static String rynxs(String... args) {
        List<String> words = new ArrayList<>(List.of(RynxsJar.java(), "-XX:TieredStopAtLevel=1", "-Drynxs.progress.every=100ms", "-jar",
                RynxsJar.jar().toString()));
        words.addAll(List.of(args));
        return words.stream().collect(Collectors.joining(" "));
    }

    private static List<Long> counts(Pattern line, String text) {
        List<Long> out = new ArrayList<>();
        Matcher m = line.matcher(text);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1).replace(",", "")));
        }
        return out;
    }

    /** Writes {@code n} events as restore does (sealed, one large transaction at a time): seconds, where appending takes a minute. */
    private static void load(Path target, int n) {
        try (BulkLoad load = BulkLoad.begin(target, false)) {
            try (EventStore store = EventStore.open(load.options())) {
                String prev = Sha256.ZERO_HEX;
                String time = EventTime.format(Instant.parse("2026-01-01T00:00:00Z"));
                List<Event> batch = new ArrayList<>();
                for (int seq = 1; seq <= n; seq++) {
                    NewEvent e = NewEvent.of("audit.ToolInvoked", "session/s" + seq % 50, "{\"i\":" + seq + ",\"tool\":\"kubectl\"}", null,
                            JsonLimits.DEFAULT);
                    Event sealed = Event.seal(e, seq, time, 0, prev);
                    prev = sealed.hash();
                    batch.add(sealed);
                    if (batch.size() == 10_000) {
                        store.appendVerified(batch);
                        batch = new ArrayList<>();
                    }
                }
                if (!batch.isEmpty()) {
                    store.appendVerified(batch);
                }
            }
            load.complete();
        } catch (RuntimeException e) {
            throw new IllegalStateException("loading " + n + " events into " + target + " failed", e);
        }
    }
}
