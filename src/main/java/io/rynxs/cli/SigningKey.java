package io.rynxs.cli;

import io.rynxs.checkpoint.Ed25519Signer;
import io.rynxs.checkpoint.KeyFiles;
import io.rynxs.config.ConfigException;
import io.rynxs.config.RynxsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint key of {@code rynxs serve}: {@code RYNXS_SIGNING_KEY_FILE} when set (named by
 * {@code RYNXS_CHECKPOINT_ORIGIN} or the {@code verifier.vkey} beside it), else {@code <data>/keys/}, where
 * a key is generated on first start with a warning: a key that lives beside the log it signs proves
 * little, so production mounts one from a Secret.
 */
record SigningKey(Ed25519Signer signer) {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);

    static SigningKey load(RynxsConfig config) throws IOException {
        Path file = config.signingKeyFile();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("RYNXS_SIGNING_KEY_FILE", file.toString(), "a PKCS#8 PEM Ed25519 key file that exists (rynxs keygen writes one)");
            }
            return new SigningKey(config.checkpointOrigin() == null ? KeyFiles.readSigner(file) : KeyFiles.readSigner(file, config.checkpointOrigin()));
        }
        Path dir = config.dataDir().resolve("keys");
        Path generated = dir.resolve(KeyFiles.SIGNING_KEY);
        if (Files.exists(generated)) {
            return new SigningKey(config.checkpointOrigin() == null ? KeyFiles.readSigner(generated)
                    : KeyFiles.readSigner(generated, config.checkpointOrigin()));
        }
        String origin = config.checkpointOrigin() != null ? config.checkpointOrigin() : "rynxs.local/" + host();
        Ed25519Signer signer = Ed25519Signer.generate(origin);
        Files.createDirectories(dir);
        KeyFiles.write(dir, signer);
        LOG.warn("no signing key configured: generated {} for origin {} (verifier key {}); for production set RYNXS_SIGNING_KEY_FILE"
                + " to a key kept outside the data volume", generated, origin, signer.verifierKey());
        return new SigningKey(signer);
    }

    private static String host() {
        try {
            String h = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
            return h.isEmpty() ? "dev" : h;
        } catch (IOException e) {
            return "dev";
        }
    }
}
