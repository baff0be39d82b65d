package io.rynxs.checkpoint;

import io.rynxs.event.InvalidUtf8Exception;
import io.rynxs.event.Utf8;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The key pair on disk: {@code signing.key} (PKCS#8 PEM, owner-only) beside {@code verifier.vkey}.
 *
 * <p>PKCS#8 carries no name, so the key name lives only in {@code verifier.vkey}. {@link #readSigner(Path)}
 * takes it from there and checks both files hold the same key; {@link #readSigner(Path, String)} takes an
 * explicit name (from {@code --origin}) and does not look at {@code verifier.vkey}.
 */
public final class KeyFiles {

    public static final String SIGNING_KEY = "signing.key";
    public static final String VERIFIER_KEY = "verifier.vkey";

    private KeyFiles() {
    }

    /** Writes both files into {@code dir} (created if missing) and refuses to replace either. */
    public static void write(Path dir, Ed25519Signer signer) throws IOException {
        Path keyFile = dir.resolve(SIGNING_KEY);
        Path vkeyFile = dir.resolve(VERIFIER_KEY);
        for (Path existing : new Path[] {keyFile, vkeyFile}) {
            if (Files.exists(existing)) {
                throw new FileAlreadyExistsException(existing.toString(), null, "write key files: refusing to replace"
                        + " an existing key (move it away first; a log's key must outlive its checkpoints)");
            }
        }
        Files.createDirectories(dir);
        byte[] pem = signer.toPem().getBytes(StandardCharsets.US_ASCII);
        try {
            // CREATE_NEW with the mode given to open(2): no moment exists where another user could read the key.
            try (SeekableByteChannel out = Files.newByteChannel(keyFile,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(dir))) {
                ByteBuffer buffer = ByteBuffer.wrap(pem);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
        Files.writeString(vkeyFile, signer.verifierKey() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    /** Reads {@code keyFile} and names it from the {@code verifier.vkey} beside it, which must hold the same key. */
    public static Ed25519Signer readSigner(Path keyFile) throws IOException {
        Path vkeyFile = keyFile.toAbsolutePath().resolveSibling(VERIFIER_KEY);
        if (!Files.isRegularFile(vkeyFile)) {
            throw new IOException("read signing key " + keyFile + ": no " + VERIFIER_KEY + " beside it to name the key"
                    + " (restore it, or pass the name explicitly, e.g. with --origin)");
        }
        VerifierKey named = readVerifierKey(vkeyFile.toString());
        Ed25519Signer signer = readSigner(keyFile, named.name());
        if (!signer.verifierKey().equals(named)) {
            throw new IOException("read signing key " + keyFile + ": " + vkeyFile + " holds a different public key"
                    + " (the files come from two keygen runs; keep the pair written together)");
        }
        return signer;
    }

    /** Reads {@code keyFile} under the given key name. */
    public static Ed25519Signer readSigner(Path keyFile, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(keyFile);
        String pem;
        try {
            // PEM is ASCII; the base64 decoder would skip a non-ASCII character inside the block, so refuse it here.
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] < 0) {
                    throw new IOException("read signing key " + keyFile + ": byte " + i + " (0x" + String.format("%02x", bytes[i] & 0xff)
                            + ") is not ASCII (a PEM key file is ASCII, as rynxs keygen and openssl write it)");
                }
            }
            pem = new String(bytes, StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        try {
            return Ed25519Signer.fromPem(name, pem);
        } catch (IllegalArgumentException e) {
            throw new IOException(keyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * A verifier key from a key string or from a file holding one: a path naming a regular file is read,
     * anything else is parsed as a key string.
     */
    public static VerifierKey readVerifierKey(String keyOrPath) {
        Path file = null;
        try {
            file = Path.of(keyOrPath);
        } catch (InvalidPathException e) {
            // Not a path on this platform, so it can only be a key string.
        }
        if (file == null || !Files.isRegularFile(file)) {
            return VerifierKey.parse(keyOrPath.strip());
        }
        try {
            return VerifierKey.parse(Utf8.decode(Files.readAllBytes(file), "read verifier key " + file,
                    "a verifier key file holds one UTF-8 line, as rynxs keygen writes it").strip());
        } catch (InvalidUtf8Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("read verifier key " + file + ": " + e.getMessage()
                    + " (check the file's permissions)", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
