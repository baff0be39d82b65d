package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an attacker or a broken client sends, as raw bytes on a socket to the real server (token auth, a
 * seeded log): HTTP framing, encodings, JSON edge cases, sizes, methods, paths, filters and auth headers.
 * Every answer is a 4xx {@code application/problem+json} whose detail names the problem — never a 5xx, never
 * Jetty's HTML page, never silence — and after each the log's head is what it was: nothing was written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsIT {
    private static final String W = ApiHarness.WRITER;
    private static final String R = ApiHarness.READER;
    private static final String JSON = "application/json";
    private static final String EVENT = "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"session/s1\",\"payload\":{}}";

    @TempDir
    static Path dir;
    ApiHarness api;
    long head;

    /** One hostile request: its category (for the report), a name, the raw bytes, and the 4xx statuses it may get. */
    record Case(String category, String name, byte[] request, int... statuses) {
        @Override
        public String toString() {
            return category + ": " + name;
        }
    }

    @BeforeAll
    void a_server_with_a_log() {
        api = new ApiHarness(dir, c -> c.withMaxBodyBytes(64 * 1024).withIdleTimeout(Duration.ofSeconds(1)), d -> d);
        api.seed(20);
        head = api.store.head().seq();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // HTTP framing
        c.add(framing("chunk size not hex", post("/api/v1/events", W, JSON, "Transfer-Encoding: chunked", "ZZ\r\n{}\r\n0\r\n\r\n"), 400));
        c.add(framing("chunk size overflowing", post("/api/v1/events", W, JSON, "Transfer-Encoding: chunked",
                "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"), 400, 413));
        c.add(framing("chunk longer than its size", post("/api/v1/events", W, JSON, "Transfer-Encoding: chunked", "2\r\n{}}}\r\n0\r\n\r\n"), 400));
        c.add(framing("Content-Length larger than the body", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + W
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"type\":"), 408, 400));
        c.add(framing("Content-Length negative", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"), 400));
        c.add(framing("Content-Length not a number", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n"), 400));
        c.add(framing("two different Content-Lengths", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
                400));
        c.add(framing("Content-Length and Transfer-Encoding", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400));
        c.add(framing("unknown transfer coding", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"), 400, 501));
        c.add(framing("header line without a colon", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"), 400));
        c.add(framing("space before the colon", raw("GET /api/v1/head HTTP/1.1\r\nHost : x\r\n\r\n"), 400));
        c.add(framing("obsolete folded header", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"), 400));
        c.add(framing("NUL in a header value", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n"), 400));
        c.add(framing("no Host", raw("GET /api/v1/head HTTP/1.1\r\n\r\n"), 400));
        c.add(framing("two Hosts", raw("GET /api/v1/head HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400));
        c.add(framing("request line without a version", raw("GET /api/v1/head\r\nHost: x\r\n\r\n"), 400, 505));
        c.add(framing("no target", raw("GARBAGE\r\n\r\n"), 400));
        c.add(framing("HTTP/2.0 on an HTTP/1.1 line", raw("GET /api/v1/head HTTP/2.0\r\nHost: x\r\n\r\n"), 426, 400, 505));
        c.add(framing("HTTP/2.5", raw("GET /api/v1/head HTTP/2.5\r\nHost: x\r\n\r\n"), 505, 400));
        c.add(framing("HTTP/2 prior knowledge", raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 426, 400));
        c.add(framing("tab in the request line", raw("GET\t/api/v1/head HTTP/1.1\r\nHost: x\r\n\r\n"), 400));
        c.add(framing("method of 300 letters", raw("A".repeat(300) + " /api/v1/head HTTP/1.1\r\nHost: x\r\n\r\n"), 400, 405, 414));
        c.add(framing("an expectation nobody meets", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + W
                + "\r\nExpect: teapot\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"), 417, 400));
        c.add(framing("bytes that are not HTTP (a TLS hello)", bytes(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc}),
                400));
        // Sizes
        c.add(size("request line of 9 KiB", get("/api/v1/events?type=" + "a".repeat(9 * 1024), W), 414, 431, 400));
        c.add(size("a 20 KiB header", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"), 431, 400));
        c.add(size("300 headers", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\n" + "X-H: 0123456789012345678901234567890123456789\r\n".repeat(300)
                + "\r\n"), 431, 400));
        c.add(size("declared body over the limit", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + W
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"), 413));
        c.add(size("chunked body over the limit", post("/api/v1/events", W, JSON, "Transfer-Encoding: chunked",
                chunk("{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"s\",\"payload\":{\"x\":\"" + "a".repeat(70_000) + "\"}}") + "0\r\n\r\n"), 413));
        c.add(size("payload over the payload limit", post("/api/v1/events", W, JSON, null,
                "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"s\",\"payload\":{\"x\":\"" + "a".repeat(20_000) + "\"}}"), 400, 413));
        c.add(size("JSON nested 100 deep", post("/api/v1/events", W, JSON, null, "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"s\",\"payload\":"
                + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}"), 400));
        c.add(size("limit 0", get("/api/v1/events?limit=0", R), 400));
        c.add(size("limit 100000", get("/api/v1/events?limit=100000", R), 400));
        c.add(size("seq beyond 2^53", get("/api/v1/events/9007199254740993", R), 400, 404));
        c.add(size("seq of 30 digits", get("/api/v1/events/" + "9".repeat(30), R), 400));
        // Encodings
        c.add(encoding("0xFF in the body", post("/api/v1/events", W, JSON, null, "{\"type\":\"audit.ToolInvoked\",\"aggregate\":\"a\u00ff\",\"payload\":{}}",
                true), 400));
        c.add(encoding("overlong slash in the body", bodyBytes(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}), 400));
        c.add(encoding("encoded surrogate in the body", bodyBytes(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}), 400));
        c.add(encoding("truncated sequence at the end", bodyBytes(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82}), 400));
        c.add(encoding("charset latin1", post("/api/v1/events", W, "application/json; charset=latin1", null, EVENT), 415));
        c.add(encoding("charset utf-16", post("/api/v1/events", W, "application/json; charset=utf-16", null, EVENT), 415));
        c.add(encoding("text/plain", post("/api/v1/events", W, "text/plain", null, EVENT), 415));
        c.add(encoding("no Content-Type", post("/api/v1/events", W, null, null, EVENT), 415));
        c.add(encoding("form encoded", post("/api/v1/events", W, "application/x-www-form-urlencoded", null, "type=audit.X"), 415));
        c.add(encoding("gzip content coding", raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + W
                + "\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\u001f\u008b\b\u0000"), 400, 415));
        c.add(encoding("%FF in a filter", get("/api/v1/events?aggregate=a%FF", R), 400));
        c.add(encoding("%ZZ in a filter", get("/api/v1/events?type=%ZZ", R), 400));
        c.add(encoding("a lone % in a filter", get("/api/v1/events?type=a%", R), 400));
        c.add(encoding("%00 in a filter", get("/api/v1/events?aggregate=a%00b", R), 400));
        c.add(encoding("a UTF-8 BOM before the JSON", post("/api/v1/events", W, JSON, null, "\uFEFF" + EVENT), 400));
        // JSON edge cases
        c.add(json("empty body", ""));
        c.add(json("null", "null"));
        c.add(json("an array", "[]"));
        c.add(json("a number", "42"));
        c.add(json("garbage after the object", EVENT + "x"));
        c.add(json("two objects", EVENT + EVENT));
        c.add(json("duplicate key", "{\"type\":\"audit.A\",\"type\":\"audit.B\",\"aggregate\":\"s\"}"));
        c.add(json("unknown field", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"actor\":\"root\"}"));
        c.add(json("type missing", "{\"aggregate\":\"s\"}"));
        c.add(json("type a number", "{\"type\":1,\"aggregate\":\"s\"}"));
        c.add(new Case("json", "an operator type from outside", post("/api/v1/events", W, JSON, null,
                "{\"type\":\"AgentObserved\",\"aggregate\":\"agent/default/a\"}"), 403));
        c.add(json("type neither operator nor dotted lower-case", "{\"type\":\"audit_x\",\"aggregate\":\"s\"}"));
        c.add(json("type of 200 characters", "{\"type\":\"audit." + "a".repeat(200) + "\",\"aggregate\":\"s\"}"));
        c.add(json("aggregate empty", "{\"type\":\"audit.A\",\"aggregate\":\"\"}"));
        c.add(json("aggregate with a quote", "{\"type\":\"audit.A\",\"aggregate\":\"a\\\"b\"}"));
        c.add(json("aggregate with a control character", "{\"type\":\"audit.A\",\"aggregate\":\"a\\u0001b\"}"));
        c.add(json("aggregate of 300 characters", "{\"type\":\"audit.A\",\"aggregate\":\"" + "a".repeat(300) + "\"}"));
        c.add(json("payload an array", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"payload\":[1]}"));
        c.add(json("payload a string", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"payload\":\"x\"}"));
        c.add(json("meta a number", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"meta\":1}"));
        c.add(json("a number beyond a double", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"payload\":{\"n\":1e400}}"));
        c.add(json("an integer beyond 2^53", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"payload\":{\"n\":9007199254740993}}"));
        c.add(json("a lone surrogate escape", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"payload\":{\"x\":\"\\ud800\"}}"));
        c.add(json("a comment", "{/* hi */\"type\":\"audit.A\",\"aggregate\":\"s\"}"));
        c.add(json("single quotes", "{'type':'audit.A','aggregate':'s'}"));
        c.add(json("NaN", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"payload\":{\"n\":NaN}}"));
        c.add(json("an invalid escape", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"payload\":{\"x\":\"\\x41\"}}"));
        c.add(json("an unterminated string", "{\"type\":\"audit.A\",\"aggregate\":\"s"));
        c.add(json("expectedSeq negative", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"expectedSeq\":-1}"));
        c.add(json("expectedSeq a string", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"expectedSeq\":\"3\"}"));
        c.add(new Case("json", "expectedSeq not the head", post("/api/v1/events", W, JSON, null,
                "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"expectedSeq\":3}"), 409));
        c.add(json("arrays nested 100 deep", "{\"type\":\"audit.A\",\"aggregate\":\"s\",\"payload\":{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}}"));
        // Methods
        c.add(method("PUT on /events", "PUT", "/api/v1/events", 405));
        c.add(method("DELETE an event", "DELETE", "/api/v1/events/1", 405));
        c.add(method("PATCH the head", "PATCH", "/api/v1/head", 405));
        c.add(method("TRACE", "TRACE", "/api/v1/head", 405));
        c.add(method("POST on /head", "POST", "/api/v1/head", 405));
        c.add(method("CONNECT", "CONNECT", "example.com:443", 400, 404, 405));
        c.add(new Case("methods", "OPTIONS *", raw("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"), 400, 404, 405));
        c.add(method("an unknown method", "BREW", "/api/v1/head", 400, 405, 501));
        // Paths
        c.add(path("/..;/", "/api/v1/..;/head", 400));
        c.add(path("encoded dot segments", "/api/v1/%2e%2e/%2e%2e/etc/passwd", 400, 404));
        c.add(path("an encoded slash", "/api/v1/events%2F1", 400, 404));
        c.add(path("an empty segment", "/api/v1//head", 400, 404));
        c.add(path("a backslash", "/api/v1\\head", 400, 404));
        c.add(path("%00", "/api/v1/head%00", 400, 404));
        c.add(new Case("paths", "a raw NUL", raw("GET /api/v1/he\u0000ad HTTP/1.1\r\nHost: x\r\n\r\n"), 400));
        c.add(path("seq not a number", "/api/v1/events/abc", 400));
        c.add(path("seq 0", "/api/v1/events/0", 400, 404));
        c.add(path("seq beyond the head", "/api/v1/events/999", 404));
        c.add(path("no such route", "/api/v2/events", 404));
        c.add(path("tree size beyond the head", "/api/v1/checkpoints/999/verify", 404));
        // Filters
        c.add(filter("afterSeq -1", "/api/v1/events?afterSeq=-1"));
        c.add(filter("afterSeq not a number", "/api/v1/events?afterSeq=abc"));
        c.add(filter("limit 1001", "/api/v1/events?limit=1001"));
        c.add(filter("order sideways", "/api/v1/events?order=sideways"));
        c.add(filter("since not a time", "/api/v1/events?since=yesterday"));
        c.add(filter("since after until", "/api/v1/events?since=2026-01-02T00:00:00.000Z&until=2026-01-01T00:00:00.000Z"));
        c.add(filter("an unknown parameter", "/api/v1/events?colour=red"));
        c.add(filter("afterSeq twice", "/api/v1/events?afterSeq=1&afterSeq=2"));
        c.add(filter("a forged cursor", "/api/v1/events?cursor=AAAAAAAAAAAA"));
        c.add(filter("a cursor with another order", "/api/v1/events?cursor=" + cursor() + "&order=desc"));
        c.add(new Case("filters", "state beyond the head", get("/api/v1/state?atSeq=999", R), 404));
        c.add(new Case("filters", "a proof beyond the head", get("/api/v1/proofs/inclusion?seq=1&treeSize=999", R), 404));
        c.add(filter("a proof of seq 0", "/api/v1/proofs/inclusion?seq=0&treeSize=5"));
        c.add(filter("a consistency proof backwards", "/api/v1/proofs/consistency?from=5&to=3"));
        c.add(filter("verify toSeq below fromSeq", "/api/v1/verify?fromSeq=5&toSeq=3"));
        // Auth headers
        c.add(auth("no Authorization", get("/api/v1/head", null), 401));
        c.add(auth("Bearer without a token", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n\r\n"), 401));
        c.add(auth("Basic credentials", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\n\r\n"), 401));
        c.add(auth("a wrong token", get("/api/v1/head", "wrong-token-0123456789abcdef"), 401));
        c.add(auth("a reader appending", post("/api/v1/events", R, JSON, null, EVENT), 403));
        c.add(auth("a reader signing", post("/api/v1/checkpoints", R, JSON, null, ""), 403));
        c.add(auth("two Authorization headers", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + R
                + "\r\nAuthorization: Bearer " + W + "\r\n\r\n"), 400, 401));
        c.add(auth("a token of 5,000 characters", get("/api/v1/head", "t".repeat(5000)), 401, 431));
        c.add(auth("lower-case scheme and extra spaces", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\nAuthorization: bearer   x\r\n\r\n"), 401));
        c.add(auth("a traceparent of zeros", raw("GET /api/v1/head HTTP/1.1\r\nHost: x\r\ntraceparent: 00-" + "0".repeat(32) + "-"
                + "0".repeat(16) + "-01\r\n\r\n"), 401));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void every_hostile_request_gets_a_4xx_problem_and_writes_nothing(Case c) throws IOException {
        Answer a = send(c.request());
        // 505 is the one 5xx: HTTP's own answer to a version it does not speak, the client's fault like any 4xx.
        assertThat(a.status()).as("%s: %s", c, a).matches(s -> (s >= 400 && s <= 499) || s == 505, "a 4xx (or 505 for an HTTP version)");
        List<Integer> allowed = Arrays.stream(c.statuses()).boxed().toList();
        assertThat(allowed).as("%s: %s", c, a).contains(a.status());
        assertThat(a.header("content-type")).as("%s: %s", c, a).startsWith("application/problem+json");
        Map<String, Object> problem = Json.parseObject(a.body(), 8);
        assertThat(problem).as(c.toString()).containsKeys("type", "title", "status", "detail").containsEntry("status", (long) a.status());
        assertThat((String) problem.get("detail")).as(c.toString()).isNotBlank().doesNotContain("<html").doesNotContain("Exception");
        assertThat(api.store.head().seq()).as("%s: nothing was written", c).isEqualTo(head);
    }

    @Test
    void a_slow_sender_is_cut_off_with_408_and_holds_no_thread() throws Exception {
        String body = EVENT;
        String request = "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + W + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n";
        long started = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", api.server.port())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            // One byte every 400 ms: never idle for the 1 s timeout, but far below 1 KiB/s.
            Thread sender = new Thread(() -> {
                try {
                    for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
                        s.getOutputStream().write(b);
                        s.getOutputStream().flush();
                        Thread.sleep(400);
                    }
                } catch (IOException | InterruptedException e) {
                    // The server cut the connection: what this test waits for.
                }
            });
            sender.setDaemon(true);
            sender.start();
            String answer = readHead(s.getInputStream());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("application/problem+json");
            assertThat(seconds).as("cut off long before the body (%d bytes at 2.5/s) could finish", body.length()).isLessThan(body.length() * 0.4 / 2);
        }
        assertThat(api.store.head().seq()).isEqualTo(head);
    }

    @Test
    void a_body_over_the_limit_sent_to_the_end_still_reads_its_413() throws Exception {
        // 192 KiB against a 64 KiB limit, sent in two parts with a pause between: a server that answered on the
        // headers and closed would reset the connection under the second part, and the client would lose the 413.
        byte[] body = ("{\"type\":\"audit.X\",\"aggregate\":\"a\",\"payload\":{\"s\":\"" + "x".repeat(192 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + W + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", api.server.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 16 * 1024);
            out.flush();
            Thread.sleep(300);
            out.write(body, 16 * 1024, body.length - 16 * 1024);
            out.flush();
            String answer = readHead(s.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("application/problem+json");
        }
        assertThat(api.store.head().seq()).isEqualTo(this.head);
    }

    // --- building requests -------------------------------------------------------------------------------------------------

    private static Case framing(String name, byte[] request, int... statuses) {
        return new Case("framing", name, request, statuses);
    }

    private static Case size(String name, byte[] request, int... statuses) {
        return new Case("sizes", name, request, statuses);
    }

    private static Case encoding(String name, byte[] request, int... statuses) {
        return new Case("encodings", name, request, statuses);
    }

    private static Case json(String name, String body) {
        return new Case("json", name, post("/api/v1/events", W, JSON, null, body), 400);
    }

    private static Case method(String name, String method, String target, int... statuses) {
        return new Case("methods", name, raw(method + " " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + W
                + "\r\nContent-Length: 0\r\n\r\n"), statuses);
    }

    private static Case path(String name, String target, int... statuses) {
        return new Case("paths", name, get(target, R), statuses);
    }

    private static Case filter(String name, String target) {
        return new Case("filters", name, get(target, R), 400);
    }

    private static Case auth(String name, byte[] request, int... statuses) {
        return new Case("auth", name, request, statuses);
    }

    private static byte[] get(String target, String token) {
        return raw("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n");
    }

    private static byte[] post(String target, String token, String contentType, String extraHeader, String body) {
        return post(target, token, contentType, extraHeader, body, false);
    }

    /** A POST; {@code latin1} sends each char of {@code body} as one byte (to put raw non-UTF-8 bytes on the wire). */
    private static byte[] post(String target, String token, String contentType, String extraHeader, String body, boolean latin1) {
        byte[] b = body.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        boolean chunked = extraHeader != null && extraHeader.toLowerCase(Locale.ROOT).contains("chunked");
        String head = "POST " + target + " HTTP/1.1\r\nHost: x\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + (extraHeader == null ? "" : extraHeader + "\r\n")
                + (chunked ? "" : "Content-Length: " + b.length + "\r\n") + "\r\n";
        return concat(head.getBytes(StandardCharsets.ISO_8859_1), b);
    }

    private static byte[] bodyBytes(byte[] body) {
        String head = "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + W + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        return concat(head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    private static byte[] raw(String request) {
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(byte[] b) {
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A genuine cursor of the seeded log, to misuse with another order. */
    private String cursor() {
        String page = api.get("/api/v1/events?limit=2").body();
        return (String) Json.parseObject(page, 8).get("next");
    }

    // --- reading answers ---------------------------------------------------------------------------------------------------

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    /** Sends the bytes on a new connection and reads one response (status line, headers, Content-Length body). */
    private Answer send(byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", api.server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).as("an answer (the connection was closed without one)").isNotEmpty();
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        try {
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
                if (matched == 4) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // Fall through with what arrived: an empty head fails the test.
        }
        String head = out.toString(StandardCharsets.ISO_8859_1);
        return head.endsWith("\r\n\r\n") ? head.substring(0, head.length() - 4) : head;
    }
}
