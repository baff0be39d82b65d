package io.rynxs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded jar in a child JVM, the way an operator or a script would: real argv, real exit
 * code, real stdout and stderr bytes. The locale is UTF-8 unless a test overrides it, so that non-ASCII
 * arguments reach the JVM intact whatever the CI machine's default is.
 */
final class RynxsJar {
    /** What one run produced. */
    record Result(int exit, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout [" + out() + "], stderr [" + err + "]";
        }
    }

    private RynxsJar() {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("rynxs.jar", "target/rynxs.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar (run through mvn verify, which packages it first)").isRegularFile();
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Result run(String... args) {
        return run(Map.of(), List.of(args));
    }

    static Result run(List<String> args) {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("rynxs-out", ".txt");
            err = Files.createTempFile("rynxs-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Map<String, String> environment = new HashMap<>(Map.of("LC_ALL", "C.UTF-8", "LANG", "C.UTF-8"));
            environment.putAll(env);
            pb.environment().putAll(environment);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("rynxs " + args + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running rynxs " + args, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A leftover temp file does not change any result.
            }
        }
    }
}
