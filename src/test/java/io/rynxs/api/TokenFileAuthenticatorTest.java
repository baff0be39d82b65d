package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file as start-up reads it: UTF-8 lines of {@code token identity role}. */
class TokenFileAuthenticatorTest {
    @TempDir
    Path dir;

    @Test
    void a_token_file_with_utf8_identities_authenticates_its_tokens() throws IOException {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# ops\r\nwriter-token-0123456789abcdef zoë writer\n", StandardCharsets.UTF_8);

        TokenFileAuthenticator auth = TokenFileAuthenticator.load(file);

        assertThat(auth.authenticate("writer-token-0123456789abcdef")).hasValueSatisfying(c -> assertThat(c.identity()).isEqualTo("zoë"));
    }

    @Test
    void a_token_file_that_is_not_utf8_fails_start_up_naming_the_byte() throws IOException {
        Path file = dir.resolve("tokens");
        byte[] bytes = "reader-token-0123456789abcdef zo_ reader\n".getBytes(StandardCharsets.US_ASCII);
        bytes[32] = (byte) 0xeb; // zoë in Latin-1
        Files.write(file, bytes);

        assertThatThrownBy(() -> TokenFileAuthenticator.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("read API token file " + file + ": invalid UTF-8 at byte 32 (0xeb) (save the file as UTF-8)");
    }
}
