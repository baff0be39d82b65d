package io.rynxs.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * rynxs-python's one-object-per-event layout, {@code <prefix>/<seq, 10 digits>.json}, in a local directory
 * (e.g. a copy of the S3 prefix). Objects are read in the order of the seq in their names, and each key's
 * seq is checked against the record it holds. Other files in the directory are ignored.
 */
public final class LegacyObjectDirectory implements LegacySource {
    private static final Pattern OBJECT = Pattern.compile("\\d{10,}\\.json");

    private final Path dir;

    public LegacyObjectDirectory(Path dir) {
        this.dir = dir;
    }

    static boolean holdsObjects(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(LegacyObjectDirectory::isObject);
        }
    }

    private static boolean isObject(Path p) {
        return OBJECT.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p);
    }

    private static long seqOf(Path p) {
        String name = p.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - ".json".length()));
    }

    @Override
    public String name() {
        return dir.toString();
    }

    @Override
    public List<LegacyLine> read() throws IOException {
        List<Path> objects;
        try (Stream<Path> files = Files.list(dir)) {
            objects = new ArrayList<>(files.filter(LegacyObjectDirectory::isObject).toList());
        }
        objects.sort(Comparator.comparingLong(LegacyObjectDirectory::seqOf));
        List<LegacyLine> lines = new ArrayList<>(objects.size());
        for (Path object : objects) {
            byte[] bytes = Files.readAllBytes(object);
            String text = LegacyLogFiles.decode(bytes, 0, bytes.length, object, 1);
            lines.add(new LegacyLine(object.toString(), 1, seqOf(object), text.strip()));
        }
        return lines;
    }
}
