package io.rynxs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** This process's memory as the kernel and the JVM see it: resident set (now and peak) and heap used. */
record ProcessMemory(long rssBytes, long peakRssBytes, long heapUsedBytes, long heapMaxBytes) {
    private static final long MIB = 1024 * 1024;

    /** Reads {@code VmRSS} and {@code VmHWM} from /proc/self/status (-1 where there is no /proc) and the heap. */
    static ProcessMemory now() {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: report the heap alone.
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new ProcessMemory(rss, hwm, heap.getUsed(), heap.getMax());
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rssMiB", mib(rssBytes));
        m.put("peakRssMiB", mib(peakRssBytes));
        m.put("heapUsedMiB", mib(heapUsedBytes));
        m.put("heapMaxMiB", mib(heapMaxBytes));
        return m;
    }

    private static double mib(long bytes) {
        return bytes < 0 ? -1 : Math.round(bytes * 10.0 / MIB) / 10.0;
    }
}
