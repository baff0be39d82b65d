package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes mode against the fabric8 mock API server: TokenReview names the caller, SubjectAccessReview
 * decides each verb on auditevents.rynxs.io. Only "writer-sa" may create.
 */
@EnableKubernetesMockClient
class KubernetesAuthenticatorIT {
    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void expectReviews() {
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, req -> {
            JsonNode body = Spec.JSON.readTree(req.getUtf8Body());
            String token = body.get("spec").get("token").asString();
            boolean known = token.equals("k8s-reader") || token.equals("k8s-writer");
            return new TokenReviewBuilder().withNewStatus().withAuthenticated(known)
                    .withNewUser().withUsername(known ? "system:serviceaccount:rynxs:" + token.substring(4) + "-sa" : null).endUser()
                    .endStatus().build();
        }).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, req -> {
            JsonNode spec = Spec.JSON.readTree(req.getUtf8Body()).get("spec");
            JsonNode attrs = spec.get("resourceAttributes");
            boolean right = attrs.get("group").asString().equals("rynxs.io") && attrs.get("resource").asString().equals("auditevents");
            boolean allowed = right && (!attrs.get("verb").asString().equals("create") || spec.get("user").asString().endsWith(":writer-sa"));
            return new SubjectAccessReviewBuilder().withNewStatus().withAllowed(allowed).endStatus().build();
        }).always();
    }

    private ApiHarness api() {
        Authenticator k8s = new KubernetesAuthenticator(client, Duration.ofSeconds(5), Clock.systemUTC());
        return new ApiHarness(dir, c -> c, d -> d.withAuthenticator(k8s));
    }

    @Test
    void a_reviewed_reader_reads_and_is_forbidden_to_append() {
        try (ApiHarness api = api()) {
            assertThat(api.getAs("k8s-reader", "/api/v1/head").statusCode()).isEqualTo(200);
            HttpResponse<String> r = api.post("k8s-reader", "/api/v1/events", "application/json", "{\"type\":\"audit.X\",\"aggregate\":\"a\"}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(api.store.head().seq()).isZero();
        }
    }

    @Test
    void a_reviewed_writer_appends_with_its_service_account_as_actor() {
        try (ApiHarness api = api()) {
            HttpResponse<String> r = api.post("k8s-writer", "/api/v1/events", "application/json", "{\"type\":\"audit.X\",\"aggregate\":\"a\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(api.store.event(1).orElseThrow().meta().toMap()).containsEntry("actor", "system:serviceaccount:rynxs:writer-sa");
        }
    }

    @Test
    void an_unknown_or_missing_token_is_401_with_a_bearer_challenge() {
        try (ApiHarness api = api()) {
            for (String token : new String[] {"k8s-stranger", null}) {
                HttpResponse<String> r = api.getAs(token, "/api/v1/head");
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            }
        }
    }

    @Test
    void review_answers_are_cached_for_the_ttl() {
        KubernetesAuthenticator k8s = new KubernetesAuthenticator(client, Duration.ofMinutes(1), Clock.systemUTC());
        int before = server.getRequestCount();
        Caller c = k8s.authenticate("k8s-reader").orElseThrow();
        k8s.authenticate("k8s-reader");
        assertThat(k8s.authorize(c, Access.LIST)).isTrue();
        assertThat(k8s.authorize(c, Access.LIST)).isTrue();
        assertThat(k8s.authorize(c, Access.CREATE)).isFalse();
        assertThat(server.getRequestCount() - before).isEqualTo(3);
    }
}
