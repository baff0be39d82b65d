package io.rynxs.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shape every benchmark prints: its rate, the baseline's rate and what the baseline did, the ratio. */
final class BenchReport {
    private BenchReport() {}

    static Map<String, Object> of(double rate, double baselineRate, String baselineWhat, long[] latenciesNanos) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventsPerSecond", Math.round(rate));
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("eventsPerSecond", Math.round(baselineRate));
        baseline.put("what", baselineWhat);
        out.put("baseline", baseline);
        out.put("ratio", Math.round(rate / baselineRate * 1000) / 1000.0);
        if (latenciesNanos != null && latenciesNanos.length > 0) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            out.put("p50Ms", millis(percentile(sorted, 0.50)));
            out.put("p99Ms", millis(percentile(sorted, 0.99)));
        }
        return out;
    }

    static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cpus, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
    }
}
