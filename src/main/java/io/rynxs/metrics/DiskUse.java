package io.rynxs.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the event database takes on its volume and what the volume has left, read when Prometheus scrapes. A file that
 * vanishes while it is read (SQLite removes its WAL and shared-memory files at a clean close) counts as empty.
 */
final class DiskUse {
    private DiskUse() {}

    /** The SQLite file, its {@code -wal} and {@code -shm} files, and every file under the line bundles' directory. */
    static double databaseBytes(Path database) {
        long bytes = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            bytes += size(Path.of(database + suffix));
        }
        Path bundles = Path.of(database + "-lines");
        if (Files.isDirectory(bundles)) {
            try (Stream<Path> files = Files.walk(bundles)) {
                bytes += files.filter(Files::isRegularFile).mapToLong(DiskUse::size).sum();
            } catch (IOException | UncheckedIOException e) {
                return Double.NaN;
            }
        }
        return bytes;
    }

    static double freeBytes(Path database) {
        try {
            return Files.getFileStore(directoryOf(database)).getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    static double totalBytes(Path database) {
        try {
            return Files.getFileStore(directoryOf(database)).getTotalSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static Path directoryOf(Path database) {
        Path parent = database.toAbsolutePath().getParent();
        return parent == null ? database.toAbsolutePath() : parent;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
