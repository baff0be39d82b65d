package io.rynxs.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a rynxs-python log is read from. Implementations: {@link LegacyLogFiles} (a JSONL file, possibly
 * rotated into {@code .seg-NNNNNN} files) and {@link LegacyObjectDirectory} (one {@code <seq, 10
 * digits>.json} object per event in a local directory, the layout rynxs-python wrote to S3).
 */
public interface LegacySource {
    /** What the import records as its {@code source}: the path or prefix the user gave. */
    String name();

    /** Every record line in log order, each with the file and line it came from. */
    List<LegacyLine> read() throws IOException;

    /**
     * The source for a local path: a directory of {@code <seq>.json} objects, else a directory holding one
     * rotated log, else the base file of a rotated log (which need not exist once fully rotated).
     */
    static LegacySource of(Path path) throws IOException {
        if (Files.isDirectory(path) && LegacyObjectDirectory.holdsObjects(path)) {
            return new LegacyObjectDirectory(path);
        }
        return LegacyLogFiles.of(path);
    }
}
