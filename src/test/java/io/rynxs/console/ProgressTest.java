package io.rynxs.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Progress lines: what one says, how seldom they come, and when there are none at all. */
class ProgressTest {
    private final StringWriter out = new StringWriter();
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final Progress progress = new Progress(new PrintWriter(out), clock::get, Duration.ofSeconds(1));

    @Test
    void a_line_names_the_work_the_count_the_total_the_share_and_the_time_so_far() {
        assertThat(Progress.line("verify:", 400_000, 1_002_000, "events", 2_140_000_000L))
                .isEqualTo("verify: 400,000 of 1,002,000 events (39 %), 2.1 s");
        assertThat(Progress.line("segments seal: shipped through seq", 20_000, 200_000, "", 6_000_000_000L))
                .isEqualTo("segments seal: shipped through seq 20,000 of 200,000 (10 %), 6.0 s");
        assertThat(Progress.line("append: read", 4096, 0, "lines", 1_000_000_000L)).as("no total known")
                .isEqualTo("append: read 4,096 lines, 1.0 s");
    }

    @Test
    void work_that_ends_within_the_interval_prints_nothing_and_longer_work_a_line_per_interval_at_most() {
        clock.addAndGet(900_000_000L);
        progress.at("verify:", 10, 100, "events");
        assertThat(out.toString()).isEmpty();
        clock.addAndGet(100_000_000L);
        progress.at("verify:", 20, 100, "events");
        clock.addAndGet(500_000_000L);
        progress.at("verify:", 30, 100, "events");
        clock.addAndGet(600_000_000L);
        progress.at("verify:", 40, 100, "events");
        assertThat(out.toString().lines())
                .containsExactly("verify: 20 of 100 events (20 %), 1.0 s", "verify: 40 of 100 events (40 %), 2.1 s");
    }

    @Test
    void forced_off_or_a_stderr_that_is_not_a_terminal_prints_nothing() {
        assertThat(Progress.to(new PrintWriter(out), false).on()).isFalse();
        assertThat(Progress.to(new PrintWriter(out), true).on()).isTrue();
        // Under the build, stderr is a pipe to the test runner or a file.
        assertThat(Progress.stderrIsTerminal()).isFalse();
        assertThat(Progress.to(new PrintWriter(out), null).on()).isFalse();
        Progress.OFF.at("verify:", 1, 2, "events");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void the_option_is_on_off_or_left_to_the_terminal() {
        assertThat(parse().forced).isNull();
        assertThat(parse("--progress").forced).isTrue();
        assertThat(parse("--no-progress").forced).isFalse();
    }

    private static ProgressOption parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.progress;
    }

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ProgressOption progress;
    }
}
