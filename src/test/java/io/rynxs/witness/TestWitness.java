package io.rynxs.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal C2SP tlog-witness (c2sp.org/tlog-witness, {@code add-checkpoint} only) with Ed25519 cosignature/v1
 * cosignatures (c2sp.org/tlog-cosignature), built on the JDK alone so that it shares no code with the product's
 * witness client it tests. State is in memory: per origin, the size and root of the latest cosigned checkpoint.
 */
public final class TestWitness implements AutoCloseable {
    /** How the witness (mis)behaves. */
    public enum Mode {
        /** Follows the spec. */
        NONE,
        /** Answers 200 with a line of its name and key ID whose signature is by another key. */
        WRONG_KEY,
        /** Answers 200 with a body that is no signature line. */
        GARBAGE,
        /** Answers 503 to every request without looking at it. */
        UNAVAILABLE
    }

    /** Signed-note signature type of Ed25519 keys (c2sp.org/signed-note). */
    static final byte TYPE_ED25519 = 0x01;
    /** Signature type of Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature). */
    static final byte TYPE_COSIGNATURE_V1 = 0x04;
    private static final int MAX_PROOF_LINES = 63;
    private static final int MAX_BODY_BYTES = 1 << 20;
    /** The DER prefix of an X.509 SubjectPublicKeyInfo of an Ed25519 key (RFC 8410), before the 32 raw bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private record Trusted(byte[] keyId, PublicKey key) {}

    private record Latest(long size, byte[] root) {}

    private record Answer(int status, String contentType, String body) {}

    private final String name;
    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final byte[] keyId;
    private final PrivateKey otherKey;
    private final HttpServer server;
    private final Object lock = new Object();
    private final Map<String, Trusted> trusted = new HashMap<>();
    private final Map<String, Latest> latest = new HashMap<>();
    private final List<Integer> statuses = new ArrayList<>();
    private Mode mode = Mode.NONE;

    private TestWitness(String name) throws IOException {
        this.name = name;
        KeyPair pair = generate();
        this.privateKey = pair.getPrivate();
        this.publicKey = raw(pair.getPublic());
        this.keyId = keyId(name, TYPE_COSIGNATURE_V1, publicKey);
        this.otherKey = generate().getPrivate();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/add-checkpoint", this::handle);
        server.start();
    }

    /** A witness named {@code name} with a fresh key, listening on a random loopback port. */
    public static TestWitness start(String name) {
        try {
            return new TestWitness(name);
        } catch (IOException e) {
            throw new UncheckedIOException("start test witness " + name, e);
        }
    }

    /** The submission prefix, with a final slash. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public String name() {
        return name;
    }

    /** The cosignature/v1 verifier key: {@code name+hex(keyid)+base64(0x04 || public key)}. */
    public String vkey() {
        return vkey(name, TYPE_COSIGNATURE_V1, publicKey);
    }

    /** Trusts the log of the Ed25519 signed-note verifier key {@code logVkey}; its origin is the key's name. */
    public void trustLog(String logVkey) {
        String[] parts = logVkey.split("\\+", 3);
        if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("not a vkey: " + logVkey);
        }
        byte[] data = Base64.getDecoder().decode(parts[2]);
        if (data.length != 33 || data[0] != TYPE_ED25519) {
            throw new IllegalArgumentException("not an Ed25519 vkey: " + logVkey);
        }
        byte[] raw = Arrays.copyOfRange(data, 1, data.length);
        byte[] id = HexFormat.of().parseHex(parts[1]);
        if (!Arrays.equals(id, keyId(parts[0], TYPE_ED25519, raw))) {
            throw new IllegalArgumentException("key ID does not match name and key: " + logVkey);
        }
        synchronized (lock) {
            trusted.put(parts[0], new Trusted(id, publicKey(raw)));
        }
    }

    /** The size of the latest checkpoint cosigned for {@code origin}, 0 if none. */
    public long latestSize(String origin) {
        synchronized (lock) {
            Latest l = latest.get(origin);
            return l == null ? 0 : l.size();
        }
    }

    /** The HTTP status of every add-checkpoint answered, in order. */
    public List<Integer> statuses() {
        synchronized (lock) {
            return List.copyOf(statuses);
        }
    }

    public void misbehave(Mode mode) {
        synchronized (lock) {
            this.mode = mode;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * The message an Ed25519 cosignature/v1 signs (tlog-cosignature, "Ed25519 signed message"): the line
     * {@code cosignature/v1}, the line {@code time <timestamp>}, then the whole note body (the checkpoint's text with
     * its final newline, without the blank line or any signature line).
     */
    public static byte[] cosignedMessage(long time, String body) {
        return ("cosignature/v1\ntime " + time + "\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** The cosignature line of this witness over note body {@code body} at {@code time}: {@code — name base64(keyid || time || sig)}. */
    String cosignatureLine(long time, String body) {
        return line(time, body, privateKey);
    }

    private String line(long time, String body, PrivateKey key) {
        byte[] signature = sign(key, cosignedMessage(time, body));
        ByteBuffer sig = ByteBuffer.allocate(4 + 8 + 64).put(keyId).putLong(time).put(signature);
        return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(sig.array()) + "\n";
    }

    /** First 4 bytes of SHA-256(name || 0x0A || type || public key) (signed-note; tlog-cosignature with type 0x04). */
    static byte[] keyId(String name, byte type, byte[] publicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x0A);
            sha.update(type);
            sha.update(publicKey);
            return Arrays.copyOf(sha.digest(), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String vkey(String name, byte type, byte[] publicKey) {
        byte[] data = new byte[1 + publicKey.length];
        data[0] = type;
        System.arraycopy(publicKey, 0, data, 1, publicKey.length);
        return name + "+" + HexFormat.of().formatHex(keyId(name, type, publicKey)) + "+" + Base64.getEncoder().encodeToString(data);
    }

    /** The raw 32 bytes of a JDK Ed25519 public key (the end of its X.509 encoding). */
    static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    }

    static PublicKey publicKey(byte[] raw) {
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            if (!exchange.getRequestMethod().equals("POST")) {
                answer = new Answer(405, "text/plain", "add-checkpoint takes POST\n");
                synchronized (lock) {
                    statuses.add(answer.status());
                }
            } else {
                answer = answer(read(exchange.getRequestBody()));
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    /** Every check and the update under one lock, so that checking the old size and recording the new one are atomic. */
    private Answer answer(byte[] raw) {
        synchronized (lock) {
            Answer a = decide(raw);
            statuses.add(a.status());
            return a;
        }
    }

    private Answer decide(byte[] raw) {
        if (mode == Mode.UNAVAILABLE) {
            return text(503, "unavailable (test witness misbehaving)");
        }
        Request r = raw == null ? null : Request.parse(new String(raw, StandardCharsets.UTF_8));
        if (r == null) {
            return text(400, "malformed add-checkpoint body");
        }
        Trusted log = trusted.get(r.origin());
        if (log == null) {
            return text(404, "unknown origin " + r.origin());
        }
        if (!signedBy(r, log)) {
            return text(403, "no valid signature by a trusted key of " + r.origin());
        }
        if (r.oldSize() > r.size()) {
            return text(400, "old size " + r.oldSize() + " is beyond the checkpoint size " + r.size());
        }
        Latest held = latest.getOrDefault(r.origin(), new Latest(0, null));
        if (r.oldSize() != held.size()) {
            return new Answer(409, "text/x.tlog.size", held.size() + "\n");
        }
        if (r.oldSize() == r.size()) {
            if (!r.proof().isEmpty()) {
                return text(422, "a proof between equal sizes must be empty");
            }
            if (held.root() != null && !Arrays.equals(held.root(), r.root())) {
                // tlog-witness: same size, another root: "409 Conflict" (with the size body every 409 carries).
                return new Answer(409, "text/x.tlog.size", held.size() + "\n");
            }
        } else if (r.oldSize() == 0) {
            if (!r.proof().isEmpty()) {
                return text(422, "the proof from old size 0 must be empty");
            }
        } else if (!Consistency.verify(r.oldSize(), r.size(), held.root(), r.root(), r.proof())) {
            return text(422, "the consistency proof from " + r.oldSize() + " to " + r.size() + " does not verify");
        }
        latest.put(r.origin(), new Latest(r.size(), r.root()));
        long now = System.currentTimeMillis() / 1000;
        switch (mode) {
            case GARBAGE:
                return text(200, "cosigned, trust me");
            case WRONG_KEY:
                return text(200, line(now, r.body(), otherKey));
            default:
                return new Answer(200, "text/plain; charset=utf-8", line(now, r.body(), privateKey));
        }
    }

    private static boolean signedBy(Request r, Trusted log) {
        byte[] message = r.body().getBytes(StandardCharsets.UTF_8);
        for (String line : r.signatures()) {
            String[] f = line.split(" ", -1);
            if (f.length != 3 || !f[0].equals("\u2014") || !f[1].equals(r.origin())) {
                continue;
            }
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(f[2]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (sig.length == 4 + 64 && Arrays.equals(Arrays.copyOf(sig, 4), log.keyId())
                    && verify(log.key(), message, Arrays.copyOfRange(sig, 4, sig.length))) {
                return true;
            }
        }
        return false;
    }

    private static Answer text(int status, String message) {
        return new Answer(status, "text/plain; charset=utf-8", message + "\n");
    }

    /** A parsed add-checkpoint body: {@code old N}, proof lines, an empty line, then a checkpoint note. */
    private record Request(long oldSize, List<byte[]> proof, String body, String origin, long size, byte[] root, List<String> signatures) {
        /** The request, or null if it is malformed in any way. */
        static Request parse(String text) {
            int at = text.indexOf('\n');
            if (at < 0 || !text.substring(0, at).matches("old (0|[1-9][0-9]{0,18})")) {
                return null;
            }
            long old = parseSize(text.substring(4, at));
            List<byte[]> proof = new ArrayList<>();
            int next;
            while (true) {
                next = text.indexOf('\n', at + 1);
                if (next < 0) {
                    return null;
                }
                String line = text.substring(at + 1, next);
                at = next;
                if (line.isEmpty()) {
                    break;
                }
                Optional<byte[]> hash = hash(line);
                if (hash.isEmpty() || proof.size() == MAX_PROOF_LINES) {
                    return null;
                }
                proof.add(hash.get());
            }
            String note = text.substring(at + 1);
            int split = note.indexOf("\n\n");
            if (split < 0 || !note.endsWith("\n")) {
                return null;
            }
            String body = note.substring(0, split + 1);
            String[] lines = body.split("\n");
            String sigBlock = note.substring(split + 2);
            if (lines.length < 3 || lines[0].isEmpty() || !lines[1].matches("0|[1-9][0-9]{0,18}") || sigBlock.isEmpty()) {
                return null;
            }
            Optional<byte[]> root = hash(lines[2]);
            long size = parseSize(lines[1]);
            if (root.isEmpty() || size < 0) {
                return null;
            }
            List<String> signatures = List.of(sigBlock.substring(0, sigBlock.length() - 1).split("\n", -1));
            return old < 0 ? null : new Request(old, proof, body, lines[0], size, root.get(), signatures);
        }

        private static long parseSize(String decimal) {
            try {
                return Long.parseLong(decimal);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static Optional<byte[]> hash(String base64) {
            try {
                byte[] h = Base64.getDecoder().decode(base64);
                return h.length == 32 && Base64.getEncoder().encodeToString(h).equals(base64) ? Optional.of(h) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** RFC 9162 §2.1.4.2: verifying a consistency proof between trees of sizes 0 < first < second. */
    static final class Consistency {
        private Consistency() {}

        static boolean verify(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
            if (first <= 0 || first >= second || firstRoot == null || proof.isEmpty()) {
                return false;
            }
            List<byte[]> path = new ArrayList<>(proof);
            // 1. If first is an exact power of 2, prepend first_hash to the consistency_path array.
            if ((first & (first - 1)) == 0) {
                path.add(0, firstRoot);
            }
            // 2. Set fn to first - 1 and sn to second - 1.
            long fn = first - 1;
            long sn = second - 1;
            // 3. If LSB(fn) is set, right-shift both fn and sn until LSB(fn) is not set.
            while ((fn & 1) == 1) {
                fn >>= 1;
                sn >>= 1;
            }
            // 4. Set both fr and sr to the first value in the consistency_path array.
            byte[] fr = path.get(0);
            byte[] sr = path.get(0);
            // 5. For each subsequent value c in the consistency_path array:
            for (byte[] c : path.subList(1, path.size())) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    fr = node(c, fr);
                    sr = node(c, sr);
                    if ((fn & 1) == 0) {
                        while ((fn & 1) == 0 && fn != 0) {
                            fn >>= 1;
                            sn >>= 1;
                        }
                    }
                } else {
                    sr = node(sr, c);
                }
                fn >>= 1;
                sn >>= 1;
            }
            // 6. Compare fr with first_hash and sr with second_hash; sn must be 0.
            return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
        }

        private static byte[] node(byte[] left, byte[] right) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update((byte) 0x01);
                sha.update(left);
                sha.update(right);
                return sha.digest();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
