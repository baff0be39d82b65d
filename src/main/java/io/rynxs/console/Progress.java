package io.rynxs.console;

import io.rynxs.config.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far a long command got, as lines on stderr: {@code verify: 400,000 of 1,002,000 events (40 %), 2.1 s}.
 * At most one line per {@link #EVERY}, the first one {@link #EVERY} after the start, so work that ends sooner
 * prints nothing. Lines, not a redrawn line: they read the same in a terminal, a CI log and a file. Never on
 * stdout, which holds the command's result (one JSON object under {@code --json}). Safe to call from any thread.
 *
 * <p>The interval can be shortened with the system property {@code rynxs.progress.every} (a duration such as
 * {@code 100ms}), so that a test sees several lines from a log that takes a second, not a minute.
 */
public final class Progress {
    /** Often enough to see that it moves, seldom enough to read each line. */
    public static final Duration EVERY = Duration.ofSeconds(1);
    /** Prints nothing. */
    public static final Progress OFF = new Progress(null, System::nanoTime, EVERY);

    private final PrintWriter err;
    private final LongSupplier nanos;
    private final long everyNanos;
    private final long started;
    private long said;

    Progress(PrintWriter err, LongSupplier nanos, Duration every) {
        this.err = err;
        this.nanos = nanos;
        this.everyNanos = every.toNanos();
        this.started = nanos.getAsLong();
        this.said = started;
    }

    /**
     * Progress on {@code err} when {@code forced} says so ({@code --progress} true, {@code --no-progress}
     * false), else only when stderr is a terminal: a script that keeps stderr for errors gets no chatter.
     */
    public static Progress to(PrintWriter err, Boolean forced) {
        boolean on = forced != null ? forced : stderrIsTerminal();
        return on ? new Progress(err, System::nanoTime, every()) : OFF;
    }

    /** Whether lines are printed at all (callers skip the bookkeeping otherwise). */
    public boolean on() {
        return err != null;
    }

    /**
     * {@code done} of {@code total} (0 when not known), as {@code "<what> <done> of <total> <unit> (<n> %), <s> s"}:
     * printed only if {@link #EVERY} passed since the last line. {@code unit} may be empty.
     */
    public synchronized void at(String what, long done, long total, String unit) {
        if (err == null) {
            return;
        }
        long now = nanos.getAsLong();
        if (now - said < everyNanos) {
            return;
        }
        said = now;
        err.println(line(what, done, total, unit, now - started));
        err.flush();
    }

    static String line(String what, long done, long total, String unit, long elapsedNanos) {
        StringBuilder b = new StringBuilder(what).append(' ').append(String.format(Locale.ROOT, "%,d", done));
        if (total > 0) {
            b.append(String.format(Locale.ROOT, " of %,d", total));
        }
        if (!unit.isEmpty()) {
            b.append(' ').append(unit);
        }
        if (total > 0) {
            b.append(" (").append(Math.min(100, done * 100 / total)).append(" %)");
        }
        return b.append(String.format(Locale.ROOT, ", %.1f s", elapsedNanos / 1e9)).toString();
    }

    /**
     * Whether file descriptor 2 is a terminal. The JDK cannot say for stderr alone ({@code System.console()} asks
     * about stdin and stdout, so {@code rynxs verify --json > out.json} would lose its progress): on Linux the
     * descriptor's link names the device; elsewhere the console is the best guess there is.
     */
    static boolean stderrIsTerminal() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    private static Duration every() {
        String set = System.getProperty("rynxs.progress.every");
        if (set == null) {
            return EVERY;
        }
        return Durations.parse(set).orElseThrow(() -> new UsageException(
                "-Drynxs.progress.every=\"" + set + "\" is not a duration like 100ms or 2s (it sets how often progress is printed)"));
    }
}
