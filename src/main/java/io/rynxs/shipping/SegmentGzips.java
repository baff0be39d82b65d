package io.rynxs.shipping;

import io.rynxs.segment.Gzip;
import java.util.List;

/**
 * Which {@link Gzip} seals segments, by the setting {@code RYNXS_SEGMENTS_GZIP} (CLI {@code --gzip}):
 * {@code auto} (the default) takes libdeflate when this machine has it and zlib otherwise; {@code libdeflate}
 * insists on it; {@code zlib} is the JDK's. The objects differ in their bytes and never in their lines, so
 * the setting may change between runs: sealed segments are kept as they were written (in the ledger and the
 * bucket) and compressed again only to back-fill another sink, where {@link SegmentRebuild} tries every
 * implementation for the sealed bytes.
 */
public final class SegmentGzips {
    public static final List<String> SETTINGS = List.of("auto", "libdeflate", "zlib");

    private SegmentGzips() {}

    /** The implementation for a setting; a bad setting, or {@code libdeflate} where it cannot load, is refused by name. */
    public static Gzip choose(String setting) {
        String s = setting == null || setting.isBlank() ? "auto" : setting.trim();
        return switch (s) {
            case "auto" -> Libdeflate.unavailable() == null ? Libdeflate.GZIP : Gzip.ZLIB;
            case "zlib" -> Gzip.ZLIB;
            case "libdeflate" -> {
                if (Libdeflate.unavailable() != null) {
                    throw new IllegalArgumentException("segment gzip libdeflate: " + Libdeflate.unavailable()
                            + " (install libdeflate0, or choose auto or zlib)");
                }
                yield Libdeflate.GZIP;
            }
            default -> throw new IllegalArgumentException("segment gzip '" + s + "' is not one of " + String.join(", ", SETTINGS));
        };
    }

    /** The {@code auto} choice. */
    public static Gzip best() {
        return choose("auto");
    }

    /** Why {@code auto} falls back to zlib on this machine, or null if it does not. */
    public static String whyNotLibdeflate() {
        return Libdeflate.unavailable();
    }
}
