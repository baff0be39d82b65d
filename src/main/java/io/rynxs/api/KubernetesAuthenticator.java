package io.rynxs.api;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identity by TokenReview, permission by SubjectAccessReview on {@code auditevents} in group
 * {@code rynxs.io} (verbs get, list, create). Answers are cached for a short TTL, keyed by the token's
 * SHA-256 so no token is kept in memory; an API-server error counts as "not valid" and is not cached.
 */
public final class KubernetesAuthenticator implements Authenticator {
    static final String GROUP = "rynxs.io";
    static final String RESOURCE = "auditevents";
    private static final int MAX_CACHED = 10_000;

    private record Cached<T>(T value, Instant expires) {}

    private final KubernetesClient client;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached<Optional<Caller>>> identities = new ConcurrentHashMap<>();
    private final Map<String, Cached<Boolean>> decisions = new ConcurrentHashMap<>();

    public KubernetesAuthenticator(KubernetesClient client, Duration ttl, Clock clock) {
        this.client = client;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<Caller> authenticate(String bearerToken) {
        if (bearerToken == null) {
            return Optional.empty();
        }
        String key = sha256(bearerToken);
        Cached<Optional<Caller>> hit = identities.get(key);
        if (hit != null && clock.instant().isBefore(hit.expires())) {
            return hit.value();
        }
        try {
            TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                    .withNewSpec().withToken(bearerToken).endSpec().build());
            Optional<Caller> caller = Optional.ofNullable(review.getStatus())
                    .filter(s -> Boolean.TRUE.equals(s.getAuthenticated()) && s.getUser() != null)
                    .map(s -> new Caller(s.getUser().getUsername(),
                            s.getUser().getGroups() == null ? List.of() : s.getUser().getGroups(), false));
            remember(identities, key, caller);
            return caller;
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean authorize(Caller caller, Access access) {
        String key = caller.identity() + "\n" + String.join(",", caller.groups()) + "\n" + access.verb();
        Cached<Boolean> hit = decisions.get(key);
        if (hit != null && clock.instant().isBefore(hit.expires())) {
            return hit.value();
        }
        try {
            SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(caller.identity())
                    .withGroups(caller.groups())
                    .withNewResourceAttributes().withGroup(GROUP).withResource(RESOURCE).withVerb(access.verb()).endResourceAttributes()
                    .endSpec().build());
            boolean allowed = review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
            remember(decisions, key, allowed);
            return allowed;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private <T> void remember(Map<String, Cached<T>> cache, String key, T value) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, new Cached<>(value, clock.instant().plus(ttl)));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
