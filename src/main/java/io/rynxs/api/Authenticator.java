package io.rynxs.api;

import java.util.List;
import java.util.Optional;

/**
 * The API's identity port: a token file, Kubernetes reviews, or nobody at all. Implementations are
 * thread-safe and never throw for a bad token.
 */
public interface Authenticator {
    /** The caller holding this bearer token ({@code null} when none was sent); empty when it is not valid. */
    Optional<Caller> authenticate(String bearerToken);

    /** Whether the caller may do what the route needs. */
    boolean authorize(Caller caller, Access access);

    /** Everyone is the anonymous writer: for {@link AuthMode#NONE}, loopback only. */
    Authenticator ANONYMOUS = new Authenticator() {
        private final Caller anonymous = new Caller("anonymous", List.of(), true);

        @Override
        public Optional<Caller> authenticate(String bearerToken) {
            return Optional.of(anonymous);
        }

        @Override
        public boolean authorize(Caller caller, Access access) {
            return true;
        }
    };
}
