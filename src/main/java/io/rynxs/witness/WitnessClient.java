package io.rynxs.witness;

import io.rynxs.merkle.Hash32;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The client side of one C2SP tlog-witness call, {@code add-checkpoint}: the old size the witness is believed to
 * hold, a consistency proof from it, and the checkpoint; the answer is the witness's signature lines, its real size
 * (409), or a refusal. Knows nothing of quorums or storage ({@link Witnessing} does).
 */
public final class WitnessClient {
    /** The most the spec lets a client send; RFC 6962 proofs of 64-bit trees need at most 63 hashes too. */
    static final int MAX_PROOF_LINES = 63;
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final HttpClient http;
    private final Duration timeout;

    public WitnessClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What a witness answered. */
    public sealed interface Answer {}

    /** 200: the signature lines of the body (each ends in a newline); not yet verified. */
    public record Cosigned(String lines) implements Answer {}

    /** 409: the witness holds a checkpoint of {@code size} for this origin, not the old size sent. */
    public record Conflict(long size) implements Answer {}

    /** Any other status: the witness refused (403 signature, 404 origin, 422 proof, 400 request, 5xx trouble). */
    public record Refused(int status, String body) implements Answer {}

    /** No HTTP answer at all. */
    public record Unreachable(String why) implements Answer {}

    /** The request body of add-checkpoint: {@code old N}, one base64 hash a line, an empty line, the note. */
    static byte[] body(long oldSize, List<Hash32> proof, byte[] note) {
        if (proof.size() > MAX_PROOF_LINES) {
            throw new IllegalArgumentException("add-checkpoint: " + proof.size() + " proof hashes, more than " + MAX_PROOF_LINES);
        }
        StringBuilder head = new StringBuilder("old ").append(oldSize).append('\n');
        for (Hash32 h : proof) {
            head.append(Base64.getEncoder().encodeToString(h.bytes())).append('\n');
        }
        head.append('\n');
        byte[] prefix = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + note.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(note, 0, out, prefix.length, note.length);
        return out;
    }

    /** {@code POST <prefix>/add-checkpoint}. */
    public Answer addCheckpoint(URI prefix, long oldSize, List<Hash32> proof, byte[] note) {
        String base = prefix.toString();
        URI endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/add-checkpoint");
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(oldSize, proof, note))).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unreachable("interrupted");
        }
        byte[] raw = response.body();
        String text = new String(raw, 0, Math.min(raw.length, MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
        int status = response.statusCode();
        if (status == 200) {
            return new Cosigned(text);
        }
        if (status == 409) {
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (type.startsWith("text/x.tlog.size") && text.matches("(0|[1-9][0-9]{0,18})\n")) {
                return new Conflict(Long.parseLong(text.strip()));
            }
            return new Refused(409, "409 without a text/x.tlog.size body of one decimal line: " + preview(text));
        }
        return new Refused(status, preview(text));
    }

    static String preview(String text) {
        String one = text.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
