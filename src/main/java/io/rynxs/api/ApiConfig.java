package io.rynxs.api;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the API listens and authenticates. {@code rynxs serve} reads and checks the keys in its configuration
 * record and maps them onto this; the checks here keep the invariants for any other caller.
 *
 * @param bind address to listen on ({@code RYNXS_BIND}; {@link #of} defaults to {@code 0.0.0.0})
 * @param port TCP port, 0 for any free one ({@code RYNXS_API_PORT}, default 8081)
 * @param authMode {@code RYNXS_API_AUTH}: none (loopback only), token or kubernetes
 * @param tokenFile {@code RYNXS_API_TOKEN_FILE}, required for token mode
 * @param maxBodyBytes largest request body accepted ({@code RYNXS_API_MAX_BODY_BYTES}, default 1 MiB)
 * @param authCacheTtl how long a Kubernetes review answer is reused (10 s; not a setting)
 * @param idleTimeout how long a connection may send nothing in the middle of a request (or between requests) before it
 *                    is answered 408 and closed ({@code RYNXS_API_IDLE_TIMEOUT}, default 10 s); a request body must also
 *                    arrive at {@link #MIN_BODY_BYTES_PER_SECOND} or more, so a slow sender cannot hold a thread
 */
public record ApiConfig(String bind, int port, AuthMode authMode, Path tokenFile, long maxBodyBytes, Duration authCacheTtl,
                        Duration idleTimeout) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** The slowest a request body may arrive, averaged over the request: 1 KiB/s is a slow link, not a stalled one. */
    public static final long MIN_BODY_BYTES_PER_SECOND = 1024;

    public ApiConfig(String bind, int port, AuthMode authMode, Path tokenFile, long maxBodyBytes, Duration authCacheTtl) {
        this(bind, port, authMode, tokenFile, maxBodyBytes, authCacheTtl, DEFAULT_IDLE_TIMEOUT);
    }

    public ApiConfig {
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("RYNXS_BIND is empty (use an address such as 0.0.0.0 or 127.0.0.1)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("RYNXS_API_PORT " + port + " is outside 0..65535 (0 picks a free port)");
        }
        if (authMode == null) {
            throw new IllegalArgumentException("RYNXS_API_AUTH is missing (use none, token or kubernetes)");
        }
        if (authMode == AuthMode.TOKEN && tokenFile == null) {
            throw new IllegalArgumentException("RYNXS_API_TOKEN_FILE is missing (RYNXS_API_AUTH=token needs a file of \"token identity role\" lines)");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("RYNXS_API_MAX_BODY_BYTES " + maxBodyBytes + " is outside 1024..67108864");
        }
        if (authCacheTtl == null || authCacheTtl.isNegative() || authCacheTtl.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("auth cache TTL " + authCacheTtl + " is outside 0s..5m");
        }
        if (idleTimeout == null || idleTimeout.compareTo(Duration.ofSeconds(1)) < 0 || idleTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("RYNXS_API_IDLE_TIMEOUT " + idleTimeout + " is outside 1s..10m");
        }
    }

    /** Defaults: all interfaces, port 8081, the given auth, 1 MiB bodies, 10 s review cache. */
    public static ApiConfig of(AuthMode authMode, Path tokenFile) {
        return new ApiConfig("0.0.0.0", 8081, authMode, tokenFile, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(10));
    }

    public ApiConfig withListen(String newBind, int newPort) {
        return new ApiConfig(newBind, newPort, authMode, tokenFile, maxBodyBytes, authCacheTtl, idleTimeout);
    }

    public ApiConfig withMaxBodyBytes(long bytes) {
        return new ApiConfig(bind, port, authMode, tokenFile, bytes, authCacheTtl, idleTimeout);
    }

    public ApiConfig withIdleTimeout(Duration timeout) {
        return new ApiConfig(bind, port, authMode, tokenFile, maxBodyBytes, authCacheTtl, timeout);
    }
}
