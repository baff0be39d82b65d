package io.rynxs.shipping;

import io.rynxs.event.Sha256;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.segment.PutResult;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a local directory, one file per key. A put writes a temporary file, fsyncs it
 * and hard-links it into place: link(2) refuses an existing name, so no object is ever overwritten, and a
 * reader never sees half a file.
 */
public final class LocalDirectoryObjectStore implements ObjectStore {
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    public LocalDirectoryObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
        if (!Sha256.hex(bytes).equals(sha256)) {
            throw new ObjectStoreException("put " + describe(key) + ": the bytes do not have the SHA-256 " + sha256
                    + " (corrupted in memory; nothing was written)");
        }
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
            try {
                writeSynced(temp, bytes);
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return Arrays.equals(Files.readAllBytes(target), bytes) ? PutResult.IDENTICAL_EXISTS : PutResult.CONFLICT;
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(target.getParent());
            return PutResult.CREATED;
        } catch (IOException e) {
            throw new ObjectStoreException("put " + describe(key) + ": " + e + " (check the directory exists and is writable)", e);
        }
    }

    /** A synced temporary file renamed over the old one: rename(2) replaces atomically. */
    @Override
    public void replace(String key, byte[] bytes, String sha256) {
        if (!Sha256.hex(bytes).equals(sha256)) {
            throw new ObjectStoreException("replace " + describe(key) + ": the bytes do not have the SHA-256 " + sha256
                    + " (corrupted in memory; nothing was written)");
        }
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
            try {
                writeSynced(temp, bytes);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new ObjectStoreException("replace " + describe(key) + ": " + e + " (check the directory exists and is writable)", e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ObjectStoreException("get " + describe(key) + ": " + e, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public List<String> list(String prefix) {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : path(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ObjectStoreException("list " + root + "/" + prefix + ": " + e, e);
        }
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    private String describe(String key) {
        return root.resolve(key).toString();
    }

    private Path path(String key) {
        Path p = root.resolve(key).normalize();
        if (key.isEmpty() || key.startsWith("/") || !p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("object key \"" + key + "\" is not a relative path inside " + root);
        }
        return p;
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }

    /** The new directory entry is durable only once the directory itself is synced. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the file's own fsync already happened.
        }
    }
}
