package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.event.Sha256;
import io.rynxs.store.Head;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Bytes that are not UTF-8, over real HTTP: in the body of an append, declared by another charset, or
 * percent-encoded in a query string. Each is a problem naming the byte, and the head does not move.
 */
class ApiUtf8IT {
    @TempDir
    static Path dir;
    static ApiHarness api;

    @BeforeAll
    static void start() {
        api = new ApiHarness(dir);
        api.seed(3);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static final String PREFIX = "{\"type\":\"audit.X\",\"aggregate\":\"";

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', value = {
            "0xff in the aggregate                 | 61 ff          | 1 | ff",
            "0xfe                                  | fe             | 0 | fe",
            "a lone continuation byte              | 61 80          | 1 | 80",
            "a 2-byte sequence cut by the quote    | 61 c3          | 1 | c3",
            "a 3-byte sequence cut by the quote    | e2 82          | 0 | e2",
            "a 4-byte sequence cut in the middle   | f0 9f 61       | 0 | f0",
            "an overlong slash C0 AF               | 61 c0 af       | 1 | c0",
            "an overlong 3-byte E0 80 AF           | e0 80 af       | 0 | e0",
            "an encoded surrogate ED A0 80         | 61 ed a0 80    | 1 | ed",
            "a code point above U+10FFFF           | f4 90 80 80    | 0 | f4",
            "lead byte F5                          | 61 f5 80 80 80 | 1 | f5",
    })
    void an_append_body_that_is_not_utf8_is_a_400_naming_the_byte_and_nothing_is_written(String name, String aggregate,
                                                                                        int at, String value) {
        Head before = api.store.head();
        byte[] body = concat(PREFIX, HexFormat.of().parseHex(aggregate.replace(" ", "")), "\"}");

        HttpResponse<String> r = post("application/json", body);

        int offset = PREFIX.length() + at;
        assertProblem(r, 400, "request body: invalid UTF-8 at byte " + offset + " (0x" + value + ") (send the body as UTF-8)");
        assertThat(api.store.head()).as(name).isEqualTo(before);
    }

    @Test
    void a_body_of_utf8_text_of_every_length_is_appended_as_sent() {
        Head before = api.store.head();
        String aggregate = "a/é€😀";
        byte[] body = ("{\"type\":\"audit.X\",\"aggregate\":\"" + aggregate + "\",\"payload\":{\"s\":\"\uFFFD\"}}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = post("application/json; charset=utf-8", body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(api.store.head().seq()).isEqualTo(before.seq() + 1);
        assertThat(api.store.event(before.seq() + 1).orElseThrow().aggregate()).isEqualTo(aggregate);
    }

    @ParameterizedTest(name = "Content-Type {0} is refused")
    @ValueSource(strings = {"application/json; charset=iso-8859-1", "application/json; charset=latin1",
            "application/json;charset=\"ISO-8859-1\"", "application/json; charset=us-ascii", "application/json; charset=utf-16",
            "application/json; charset=utf8", "application/json; charset=", "application/json; charset=utf-8; charset=latin1"})
    void a_charset_other_than_utf8_is_a_415_naming_the_allowed_one(String contentType) {
        Head before = api.store.head();

        HttpResponse<String> r = post(contentType, "{\"type\":\"audit.X\",\"aggregate\":\"a\"}".getBytes(StandardCharsets.UTF_8));

        assertProblem(r, 415, "(send application/json with charset=utf-8 or no charset)");
        assertThat(api.store.head()).isEqualTo(before);
    }

    @ParameterizedTest(name = "Content-Type {0} is accepted")
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
            "Application/JSON; Charset=\"Utf-8\"", "application/json; foo=bar"})
    void utf8_named_in_any_case_or_quoted_or_no_charset_is_accepted(String contentType) {
        Head before = api.store.head();

        HttpResponse<String> r = post(contentType, "{\"type\":\"audit.X\",\"aggregate\":\"a\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(api.store.head().seq()).isEqualTo(before.seq() + 1);
    }

    @ParameterizedTest(name = "?{0} is refused")
    @CsvSource(delimiter = '|', value = {
            "aggregate=a%FF               | query parameter aggregate: invalid UTF-8 at byte 1 (0xff)",
            "aggregate=session%2Fs1%C3    | query parameter aggregate: invalid UTF-8 at byte 10 (0xc3)",
            "aggregate=%C0%AF             | query parameter aggregate: invalid UTF-8 at byte 0 (0xc0)",
            "aggregate=%ED%A0%80          | query parameter aggregate: invalid UTF-8 at byte 0 (0xed)",
            "type=audit.X&aggregate=a+%F5 | query parameter aggregate: invalid UTF-8 at byte 2 (0xf5)",
            "aggr%FFegate=a               | query parameter name \"aggr%FFegate\": invalid UTF-8 at byte 4 (0xff)",
            "aggregate=a%ZZ               | query parameter aggregate: \"%ZZ\" is not a percent-escape (write % itself as %25)",
            "aggregate=a%                 | query parameter aggregate: \"%\" is not a percent-escape",
            "aggregate=a%F                | query parameter aggregate: \"%F\" is not a percent-escape",
    })
    void a_query_value_that_is_not_utf8_once_decoded_is_a_400_naming_the_parameter_and_byte(String query, String detail) {
        assertRawProblem(rawGet(("/api/v1/events?" + query).getBytes(StandardCharsets.US_ASCII)), 400, detail);
    }

    @Test
    void a_raw_byte_in_the_request_line_that_is_not_utf8_is_refused_too() {
        String response = rawGet(concat("/api/v1/events?aggregate=a", new byte[] {(byte) 0xff}, ""));

        assertRawProblem(response, 400, "query parameter aggregate: invalid UTF-8 at byte 1 (the request line held a byte that is not UTF-8");
    }

    @Test
    void a_percent_encoded_replacement_character_and_other_utf8_still_filter_as_before() {
        assertThat(api.get("/api/v1/events?aggregate=%EF%BF%BD").statusCode()).isEqualTo(200);
        HttpResponse<String> r = api.get("/api/v1/events?aggregate=session%2Fs1&type=audit.ToolInvoked");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("events").size()).isEqualTo(1);
        assertThat(api.get("/api/v1/events?aggregate=a%2F%C3%A9%E2%82%AC%F0%9F%98%80").statusCode()).isEqualTo(200);
    }

    @Test
    void a_cursor_forged_over_bytes_that_are_not_utf8_is_refused() {
        byte[] json = concat("{\"after\":0,\"aggregate\":\"a", new byte[] {(byte) 0xff},
                "\",\"before\":0,\"desc\":false,\"since\":null,\"type\":null,\"until\":null,\"v\":1}");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String cursor = b64.encodeToString(json) + "." + b64.encodeToString(Arrays.copyOf(Sha256.digest(json), 12));

        HttpResponse<String> r = api.get("/api/v1/events?cursor=" + cursor);

        assertProblem(r, 400, "query parameter cursor is not a cursor this API issued: its content is malformed");
    }

    private static HttpResponse<String> post(String contentType, byte[] body) {
        return api.send(HttpRequest.newBuilder(api.uri("/api/v1/events")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), ApiHarness.WRITER);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Spec.INSTANCE.errors("Problem", r.body())).as(r.body()).isEmpty();
        assertThat(json(r).get("detail").asString()).contains(detail);
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Spec.JSON.readTree(r.body());
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void assertRawProblem(String response, int status, String detail) {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response.lines().map(l -> l.toLowerCase(Locale.ROOT)))
                .contains("content-type: application/problem+json");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(Spec.INSTANCE.errors("Problem", body)).as(body).isEmpty();
        assertThat(Spec.JSON.readTree(body).get("detail").asString()).contains(detail);
    }

    /**
     * A GET written byte for byte, since HttpClient's URI refuses a malformed escape and cannot carry a raw
     * 0xFF; the whole response read back.
     */
    private static String rawGet(byte[] pathAndQuery) {
        byte[] request = concat("GET ", pathAndQuery, " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ApiHarness.READER
                + "\r\nConnection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", api.server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
