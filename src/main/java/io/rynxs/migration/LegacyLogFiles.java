package io.rynxs.migration;

import io.rynxs.event.InvalidUtf8Exception;
import io.rynxs.event.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.math.BigInteger;
import java.nio.file.NoSuchFileException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A rynxs-python JSONL log, possibly rotated: {@code B.seg-000001}, {@code B.seg-000002}, … (oldest
 * first, by the number's value) and then the live file {@code B} itself, read in that order. Given a
 * directory, it must hold exactly one such log. Blank lines are skipped; every other line is a record.
 */
public final class LegacyLogFiles implements LegacySource {
    private static final Pattern SEGMENT = Pattern.compile("(.+)\\.seg-(\\d+)");

    private final Path base;
    private final String name;

    private LegacyLogFiles(Path base, String name) {
        this.base = base;
        this.name = name;
    }

    /** The log at a base file path or in a directory. */
    public static LegacyLogFiles of(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            String file = path.getFileName().toString();
            if (SEGMENT.matcher(file).matches()) {
                throw new IllegalArgumentException("import-legacy " + path + ": is one rotated segment (give the live file's path, "
                        + "e.g. " + SEGMENT.matcher(file).replaceFirst("$1") + ", or the directory, so every segment is read)");
            }
            return new LegacyLogFiles(path, path.toString());
        }
        Set<String> bases = new TreeSet<>();
        try (Stream<Path> files = Files.list(path)) {
            files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(f -> !f.startsWith("."))
                    .forEach(f -> {
                        Matcher m = SEGMENT.matcher(f);
                        bases.add(m.matches() ? m.group(1) : f);
                    });
        }
        if (bases.size() != 1) {
            throw new IllegalArgumentException("import-legacy " + path + ": expected the files of one log (B and B.seg-NNNNNN), found "
                    + (bases.isEmpty() ? "none" : bases) + " (give the log's base file path instead)");
        }
        return new LegacyLogFiles(path.resolve(bases.iterator().next()), path.toString());
    }

    @Override
    public String name() {
        return name;
    }

    /** The files to read, in order: segments by number, then the live file if it exists. */
    public List<Path> files() throws IOException {
        Path dir = base.toAbsolutePath().getParent();
        String prefix = base.getFileName().toString() + ".seg-";
        List<Path> segments = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> {
                    String f = p.getFileName().toString();
                    return f.startsWith(prefix) && f.substring(prefix.length()).matches("\\d+");
                }).forEach(segments::add);
            }
        }
        segments.sort(Comparator.comparing(p -> new BigInteger(p.getFileName().toString().substring(prefix.length()))));
        List<Path> out = new ArrayList<>(segments);
        if (Files.exists(base)) {
            out.add(base);
        }
        if (out.isEmpty()) {
            throw new NoSuchFileException(base.toString());
        }
        return out;
    }

    @Override
    public List<LegacyLine> read() throws IOException {
        List<LegacyLine> lines = new ArrayList<>();
        for (Path file : files()) {
            readInto(file, lines);
        }
        return lines;
    }

    private static void readInto(Path file, List<LegacyLine> lines) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long number = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            String text = decode(bytes, start, end, file, number);
            start = end + 1;
            if (!text.isBlank()) {
                lines.add(new LegacyLine(file.toString(), number, null, text));
            }
        }
    }

    static String decode(byte[] bytes, int from, int to, Path file, long number) {
        return decode(bytes, from, to, file.toString(), number);
    }

    /** One record's bytes decoded strictly: the import is refused at the line rather than carry a U+FFFD into the log. */
    static String decode(byte[] bytes, int from, int to, String file, long number) {
        try {
            return Utf8.decode(bytes, from, to, file, "");
        } catch (InvalidUtf8Exception e) {
            throw new LegacyRecordException(file, number, null, e.problem()
                    + " (rynxs-python wrote UTF-8; the file was re-encoded or damaged)");
        }
    }
}
