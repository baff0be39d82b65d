package io.rynxs.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One rule for loopback, from the text alone: what start-up validation and the API server both apply. */
class ListenAddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "127.255.255.255", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1",
            " 127.0.0.1 "})
    void loopback_literals_and_localhost_are_loopback(String address) {
        assertThat(ListenAddress.isLoopback(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "127.0.0.1.nip.io", "127.example", "127.1", "127.0.0.256",
            "localhost.example", "my-host", "::2", "fe80::1", ""})
    void anything_else_is_not_and_no_name_is_looked_up(String address) {
        assertThat(ListenAddress.isLoopback(address)).isFalse();
    }
}
