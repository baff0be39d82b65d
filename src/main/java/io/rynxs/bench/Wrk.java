package io.rynxs.bench;

import io.rynxs.console.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the wrk load generator (Debian package {@code wrk}) and reads its requests/s and latency percentiles. */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    /** What one wrk run measured. */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long errors) {}

    private Wrk() {}

    static Result run(String url, int threads, int connections, int seconds, String luaScript) {
        try {
            List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency"));
            Path script = null;
            if (luaScript != null) {
                script = Files.createTempFile("rynxs-wrk", ".lua");
                Files.writeString(script, luaScript);
                cmd.add("-s");
                cmd.add(script.toString());
            }
            cmd.add(url);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new UsageException("bench api: wrk failed: " + out.strip());
            }
            if (script != null) {
                Files.deleteIfExists(script);
            }
            return parse(out);
        } catch (IOException e) {
            throw new UsageException("bench api: cannot run wrk (" + e.getMessage() + "; install it with apt-get install wrk)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("bench api: interrupted");
        }
    }

    static Result parse(String out) {
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new UsageException("bench api: wrk printed no Requests/sec: " + out.strip());
        }
        double p50 = -1;
        double p99 = -1;
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double v = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                case "us" -> 0.001;
                case "ms" -> 1.0;
                default -> 1000.0;
            };
            if (m.group(1).equals("50")) {
                p50 = v;
            } else {
                p99 = v;
            }
        }
        Matcher errors = NON_2XX.matcher(out);
        return new Result(Double.parseDouble(rate.group(1)), p50, p99, errors.find() ? Long.parseLong(errors.group(1)) : 0);
    }
}
