package io.rynxs.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The witnesses asked to cosign each shipped checkpoint, from {@code RYNXS_WITNESSES} (C2SP tlog-policy text:
 * {@code witness <name> <vkey> <url>} lines, optional {@code group} lines and one {@code quorum} line) or
 * {@code RYNXS_WITNESSES_FILE} (the same text in a file, e.g. a mounted ConfigMap), and how often a round of
 * requests may go out ({@code RYNXS_WITNESS_INTERVAL}). The text is parsed by the shipping side at start, which
 * reports a bad line as a configuration error naming {@code source}.
 *
 * @param policy the policy text, or null when no witness is configured
 * @param source the key the text came from, for error messages
 * @param interval the least time between two rounds of add-checkpoint requests
 */
public record WitnessSection(String policy, String source, Duration interval) {

    /** Whether witnesses are configured. */
    public boolean enabled() {
        return policy != null;
    }

    static WitnessSection read(Settings s) {
        String inline = s.raw("RYNXS_WITNESSES");
        Path file = s.path("RYNXS_WITNESSES_FILE", null);
        Duration interval = s.duration("RYNXS_WITNESS_INTERVAL", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(24));
        if (inline != null && file != null) {
            throw new ConfigException("RYNXS_WITNESSES_FILE", file.toString(), "unset when RYNXS_WITNESSES is set (one policy, from one place)");
        }
        if (file != null) {
            return new WitnessSection(readFile(file), "RYNXS_WITNESSES_FILE", interval);
        }
        if (inline == null || inline.isBlank()) {
            return new WitnessSection(null, "RYNXS_WITNESSES", interval);
        }
        return new WitnessSection(inline, "RYNXS_WITNESSES", interval);
    }

    private static String readFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("RYNXS_WITNESSES_FILE", file.toString(), "a readable tlog-policy file (" + e.getMessage() + ")");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException("RYNXS_WITNESSES_FILE", file.toString(), "a UTF-8 tlog-policy file (it holds bytes that are not UTF-8)");
        }
    }
}
