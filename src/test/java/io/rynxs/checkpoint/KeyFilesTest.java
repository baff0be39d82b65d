package io.rynxs.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    static final String NAME = "rynxs.example/prod";

    @TempDir
    Path dir;

    @Test
    void keygen_writes_an_owner_only_signing_key_and_a_verifier_key_line() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Ed25519Signer signer = Ed25519Signer.generate(NAME);

        KeyFiles.write(dir, signer);

        Path keyFile = dir.resolve(KeyFiles.SIGNING_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.readString(keyFile)).isEqualTo(signer.toPem());
        assertThat(Files.readString(dir.resolve(KeyFiles.VERIFIER_KEY))).isEqualTo(signer.verifierKey() + "\n");
    }

    @Test
    void keygen_refuses_to_overwrite_an_existing_signing_key() throws IOException {
        Ed25519Signer first = Ed25519Signer.generate(NAME);
        KeyFiles.write(dir, first);

        assertThatThrownBy(() -> KeyFiles.write(dir, Ed25519Signer.generate(NAME)))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("refusing to replace");
        assertThat(KeyFiles.readSigner(dir.resolve(KeyFiles.SIGNING_KEY)).verifierKey()).isEqualTo(first.verifierKey());
    }

    @Test
    void keygen_refuses_when_only_the_verifier_key_exists_and_writes_nothing() throws IOException {
        Files.writeString(dir.resolve(KeyFiles.VERIFIER_KEY), "anything\n");

        assertThatThrownBy(() -> KeyFiles.write(dir, Ed25519Signer.generate(NAME)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(dir.resolve(KeyFiles.SIGNING_KEY)).doesNotExist();
    }

    @Test
    void the_signing_key_reads_back_named_from_the_verifier_key_beside_it() throws IOException {
        Ed25519Signer signer = Ed25519Signer.generate(NAME);
        KeyFiles.write(dir.resolve("keys"), signer);

        Ed25519Signer read = KeyFiles.readSigner(dir.resolve("keys").resolve(KeyFiles.SIGNING_KEY));

        assertThat(read.verifierKey()).isEqualTo(signer.verifierKey());
        assertThat(read.verifierKey().toString()).isEqualTo(signer.verifierKey().toString());
    }

    @Test
    void an_explicit_name_is_used_without_a_verifier_key_file() throws IOException {
        Ed25519Signer signer = Ed25519Signer.generate(NAME);
        KeyFiles.write(dir, signer);
        Files.delete(dir.resolve(KeyFiles.VERIFIER_KEY));
        Path keyFile = dir.resolve(KeyFiles.SIGNING_KEY);

        assertThat(KeyFiles.readSigner(keyFile, "rynxs.example/other").verifierKey())
                .isEqualTo(VerifierKey.of("rynxs.example/other", signer.verifierKey().publicKey()));
        assertThatThrownBy(() -> KeyFiles.readSigner(keyFile))
                .isInstanceOf(IOException.class).hasMessageContaining("no verifier.vkey beside it");
    }

    @Test
    void a_verifier_key_file_for_another_key_is_refused() throws IOException {
        KeyFiles.write(dir, Ed25519Signer.generate(NAME));
        Files.writeString(dir.resolve(KeyFiles.VERIFIER_KEY), Ed25519Signer.generate(NAME).verifierKey() + "\n");

        assertThatThrownBy(() -> KeyFiles.readSigner(dir.resolve(KeyFiles.SIGNING_KEY)))
                .isInstanceOf(IOException.class).hasMessageContaining("holds a different public key");
    }

    @Test
    void a_verifier_key_is_read_from_its_string_or_from_a_file_holding_it() throws IOException {
        Ed25519Signer signer = Ed25519Signer.generate(NAME);
        KeyFiles.write(dir, signer);

        assertThat(KeyFiles.readVerifierKey(signer.verifierKey().toString())).isEqualTo(signer.verifierKey());
        assertThat(KeyFiles.readVerifierKey(dir.resolve(KeyFiles.VERIFIER_KEY).toString())).isEqualTo(signer.verifierKey());
        assertThatThrownBy(() -> KeyFiles.readVerifierKey(dir.resolve("missing.vkey").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parse verifier key");
    }

    @Test
    void a_verifier_key_file_that_is_not_utf8_is_refused_naming_the_byte() throws IOException {
        Ed25519Signer signer = Ed25519Signer.generate(NAME);
        Path file = dir.resolve("bad.vkey");
        byte[] bytes = (signer.verifierKey() + "\n").getBytes(StandardCharsets.UTF_8);
        bytes[3] = (byte) 0xe9;
        Files.write(file, bytes);

        assertThatThrownBy(() -> KeyFiles.readVerifierKey(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("read verifier key " + file + ": invalid UTF-8 at byte 3 (0xe9)"
                        + " (a verifier key file holds one UTF-8 line, as rynxs keygen writes it)");
    }

    @Test
    void a_signing_key_file_with_a_byte_that_is_not_ascii_is_refused_naming_the_byte() throws IOException {
        KeyFiles.write(dir, Ed25519Signer.generate(NAME));
        Path keyFile = dir.resolve(KeyFiles.SIGNING_KEY);
        byte[] pem = Files.readAllBytes(keyFile);
        // Inside the base64 body, where the MIME decoder would otherwise skip it.
        byte[] altered = new byte[pem.length + 2];
        System.arraycopy(pem, 0, altered, 0, 40);
        altered[40] = (byte) 0xc3;
        altered[41] = (byte) 0xa9;
        System.arraycopy(pem, 40, altered, 42, pem.length - 40);
        Files.write(keyFile, altered);

        assertThatThrownBy(() -> KeyFiles.readSigner(keyFile, NAME))
                .isInstanceOf(IOException.class)
                .hasMessage("read signing key " + keyFile + ": byte 40 (0xc3) is not ASCII"
                        + " (a PEM key file is ASCII, as rynxs keygen and openssl write it)");
    }
}
