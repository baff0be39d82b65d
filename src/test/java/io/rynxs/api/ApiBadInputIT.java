package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.store.EventQuery;
import io.rynxs.store.Head;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of malformed requests: each is answered 4xx with a problem+json body that matches the spec's
 * problem schema, none is a 5xx, and after the whole table the log's head is what it was.
 */
class ApiBadInputIT {
    @TempDir
    static Path dir;
    static ApiHarness api;
    static Head before;

    record Case(String name, int status, String method, String path, String token, String contentType, String body, String... headers) {}

    private static final String W = ApiHarness.WRITER;
    private static final String R = ApiHarness.READER;
    private static final String JSON = "application/json";

    @BeforeAll
    static void start() {
        api = new ApiHarness(dir);
        api.seed(5);
        api.post(W, "/api/v1/checkpoints", null, "");
        before = api.store.head();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static List<Case> cases() {
        String big = "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"payload\":{\"s\":\"" + "x".repeat(70 * 1024) + "\"}}";
        String payload20k = "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"payload\":{\"s\":\"" + "x".repeat(20 * 1024) + "\"}}";
        String deep = "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"payload\":" + "{\"a\":".repeat(30) + "1" + "}".repeat(30) + "}";
        List<Case> c = new ArrayList<>();
        c.add(new Case("limit is not a number", 400, "GET", "/api/v1/events?limit=ten", W, null, null));
        c.add(new Case("limit is zero", 400, "GET", "/api/v1/events?limit=0", W, null, null));
        c.add(new Case("limit is negative", 400, "GET", "/api/v1/events?limit=-5", W, null, null));
        c.add(new Case("limit is over 1000", 400, "GET", "/api/v1/events?limit=1001", W, null, null));
        c.add(new Case("limit overflows a long", 400, "GET", "/api/v1/events?limit=99999999999999999999", W, null, null));
        c.add(new Case("afterSeq is negative", 400, "GET", "/api/v1/events?afterSeq=-1", W, null, null));
        c.add(new Case("afterSeq is a float", 400, "GET", "/api/v1/events?afterSeq=1.5", W, null, null));
        c.add(new Case("beforeSeq is zero", 400, "GET", "/api/v1/events?beforeSeq=0", W, null, null));
        c.add(new Case("order is sideways", 400, "GET", "/api/v1/events?order=sideways", W, null, null));
        c.add(new Case("since is not RFC 3339", 400, "GET", "/api/v1/events?since=yesterday", W, null, null));
        c.add(new Case("until before since", 400, "GET", "/api/v1/events?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", W, null, null));
        c.add(new Case("unknown query parameter", 400, "GET", "/api/v1/events?colour=red", W, null, null));
        c.add(new Case("repeated query parameter", 400, "GET", "/api/v1/events?limit=1&limit=2", W, null, null));
        c.add(new Case("cursor is not base64url", 400, "GET", "/api/v1/events?cursor=***", W, null, null));
        c.add(new Case("cursor has no checksum", 400, "GET", "/api/v1/events?cursor=eyJ2IjoxfQ", W, null, null));
        c.add(new Case("cursor checksum was edited", 400, "GET", "/api/v1/events?cursor=" + tamperedCursor(), W, null, null));
        c.add(new Case("cursor with afterSeq", 400, "GET", "/api/v1/events?afterSeq=1&cursor=" + validCursor(), W, null, null));
        c.add(new Case("cursor with another order", 400, "GET", "/api/v1/events?order=desc&cursor=" + validCursor(), W, null, null));
        c.add(new Case("event seq is not a number", 400, "GET", "/api/v1/events/abc", W, null, null));
        c.add(new Case("event seq is zero", 400, "GET", "/api/v1/events/0", W, null, null));
        c.add(new Case("event seq beyond the head", 404, "GET", "/api/v1/events/6", W, null, null));
        c.add(new Case("event with a query parameter", 400, "GET", "/api/v1/events/1?x=1", W, null, null));
        c.add(new Case("head with a query parameter", 400, "GET", "/api/v1/head?seq=1", W, null, null));
        c.add(new Case("state beyond the head", 404, "GET", "/api/v1/state?atSeq=99", W, null, null));
        c.add(new Case("state at a negative seq", 400, "GET", "/api/v1/state?atSeq=-1", W, null, null));
        c.add(new Case("state of an aggregate with no part", 400, "GET", "/api/v1/state?aggregate=operator", W, null, null));
        c.add(new Case("verify toSeq below fromSeq", 400, "GET", "/api/v1/verify?fromSeq=4&toSeq=2", W, null, null));
        c.add(new Case("verify beyond the head", 404, "GET", "/api/v1/verify?toSeq=50", W, null, null));
        c.add(new Case("verify fromSeq zero", 400, "GET", "/api/v1/verify?fromSeq=0", W, null, null));
        c.add(new Case("inclusion without treeSize", 400, "GET", "/api/v1/proofs/inclusion?seq=1", W, null, null));
        c.add(new Case("inclusion seq above treeSize", 400, "GET", "/api/v1/proofs/inclusion?seq=4&treeSize=3", W, null, null));
        c.add(new Case("inclusion treeSize beyond the head", 404, "GET", "/api/v1/proofs/inclusion?seq=1&treeSize=6", W, null, null));
        c.add(new Case("consistency from above to", 400, "GET", "/api/v1/proofs/consistency?from=4&to=3", W, null, null));
        c.add(new Case("consistency to beyond the head", 404, "GET", "/api/v1/proofs/consistency?from=1&to=60", W, null, null));
        c.add(new Case("consistency from is hex", 400, "GET", "/api/v1/proofs/consistency?from=0x1&to=3", W, null, null));
        c.add(new Case("checkpoint size is malformed", 400, "GET", "/api/v1/checkpoints/five", W, null, null));
        c.add(new Case("checkpoint size is negative", 400, "GET", "/api/v1/checkpoints/-5", W, null, null));
        c.add(new Case("checkpoint never signed", 404, "GET", "/api/v1/checkpoints/3", W, null, null));
        c.add(new Case("checkpoint verify of an unsigned size", 404, "GET", "/api/v1/checkpoints/2/verify", W, null, null));
        c.add(new Case("checkpoint list limit too high", 400, "GET", "/api/v1/checkpoints?limit=5000", W, null, null));
        c.add(new Case("no such route", 404, "GET", "/api/v1/nothing", W, null, null));
        c.add(new Case("stream without Accept", 406, "GET", "/api/v1/events/stream", R, null, null));
        c.add(new Case("stream after a seq beyond the head", 400, "GET", "/api/v1/events/stream?afterSeq=99", R, null, null, "Accept", "text/event-stream"));
        c.add(new Case("stream with a malformed Last-Event-ID", 400, "GET", "/api/v1/events/stream", R, null, null,
                "Accept", "text/event-stream", "Last-Event-ID", "x"));
        c.add(new Case("post without a token", 401, "POST", "/api/v1/events", null, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\"}"));
        c.add(new Case("post with a wrong token", 401, "POST", "/api/v1/events", "wrong-token-00000000000", JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\"}"));
        c.add(new Case("post by a reader", 403, "POST", "/api/v1/events", R, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\"}"));
        c.add(new Case("checkpoint by a reader", 403, "POST", "/api/v1/checkpoints", R, null, ""));
        c.add(new Case("read with a Basic header", 401, "GET", "/api/v1/head", null, null, null, "Authorization", "Basic Ym9iOmJvYg=="));
        c.add(new Case("post as text/plain", 415, "POST", "/api/v1/events", W, "text/plain", "{\"type\":\"audit.X\",\"aggregate\":\"a\"}"));
        c.add(new Case("post without a content type", 415, "POST", "/api/v1/events", W, null, "{\"type\":\"audit.X\",\"aggregate\":\"a\"}"));
        c.add(new Case("post invalid JSON", 400, "POST", "/api/v1/events", W, JSON, "{\"type\":"));
        c.add(new Case("post a JSON array", 400, "POST", "/api/v1/events", W, JSON, "[1,2]"));
        c.add(new Case("post duplicate keys", 400, "POST", "/api/v1/events", W, JSON, "{\"type\":\"audit.X\",\"type\":\"audit.Y\",\"aggregate\":\"a\"}"));
        c.add(new Case("post an unknown field", 400, "POST", "/api/v1/events", W, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"seq\":9}"));
        c.add(new Case("post without type", 400, "POST", "/api/v1/events", W, JSON, "{\"aggregate\":\"a\"}"));
        c.add(new Case("post an operator type", 403, "POST", "/api/v1/events", W, JSON, "{\"type\":\"AgentObserved\",\"aggregate\":\"agent/a/b\"}"));
        c.add(new Case("post a type of neither family", 400, "POST", "/api/v1/events", W, JSON, "{\"type\":\"not a type\",\"aggregate\":\"a\"}"));
        c.add(new Case("post an empty aggregate", 400, "POST", "/api/v1/events", W, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"\"}"));
        c.add(new Case("post a payload that is a string", 400, "POST", "/api/v1/events", W, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"payload\":\"x\"}"));
        c.add(new Case("post an unsafe integer", 400, "POST", "/api/v1/events", W, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"payload\":{\"n\":9007199254740993}}"));
        c.add(new Case("post a payload over the limit", 400, "POST", "/api/v1/events", W, JSON, payload20k));
        c.add(new Case("post a payload nested too deep", 400, "POST", "/api/v1/events", W, JSON, deep));
        c.add(new Case("post a body over the size limit", 413, "POST", "/api/v1/events", W, JSON, big));
        c.add(new Case("post a negative expectedSeq", 400, "POST", "/api/v1/events", W, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"expectedSeq\":-1}"));
        c.add(new Case("post a stale expectedSeq", 409, "POST", "/api/v1/events", W, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"expectedSeq\":2}"));
        c.add(new Case("post a future expectedSeq", 409, "POST", "/api/v1/events", W, JSON, "{\"type\":\"audit.X\",\"aggregate\":\"a\",\"expectedSeq\":99}"));
        c.add(new Case("post to an event", 405, "POST", "/api/v1/events/1", W, JSON, "{}"));
        return c;
    }

    private static String validCursor() {
        return Cursor.next(EventQuery.after(1, 1), 2);
    }

    private static String tamperedCursor() {
        String c = validCursor();
        char last = c.charAt(c.length() - 1);
        return c.substring(0, c.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    @TestFactory
    Stream<DynamicTest> every_malformed_request_is_a_4xx_problem_and_nothing_is_appended() {
        List<Case> table = cases();
        assertThat(table).hasSizeGreaterThanOrEqualTo(40);
        Stream<DynamicTest> rows = table.stream().map(c -> DynamicTest.dynamicTest(c.name() + " is answered " + c.status(), () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(c.path()));
            b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
            if (c.contentType() != null) {
                b.header("Content-Type", c.contentType());
            }
            HttpResponse<String> r = api.send(b, c.token(), c.headers());
            assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(Spec.INSTANCE.errors("Problem", r.body())).as(r.body()).isEmpty();
            assertThat(Spec.JSON.readTree(r.body()).get("status").asInt()).isEqualTo(c.status());
            if (c.status() == 413) {
                // the rest of the body is never read, so the client must not reuse the connection
                assertThat(r.headers().firstValue("Connection")).hasValue("close");
            }
        }));
        DynamicTest nothingAppended = DynamicTest.dynamicTest("the head is unchanged after the whole table",
                () -> assertThat(api.store.head()).isEqualTo(before));
        return Stream.concat(rows, Stream.of(nothingAppended));
    }
}
