package io.rynxs.shipping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A tiled-log reader written from the C2SP specs alone (tlog-tiles, tlog-checkpoint, signed-note) and RFC 6962,
 * with nothing but the JDK: none of Rynxs' classes. It reads the events from the shipped segment objects (each
 * line's {@code hash} field is its entry), builds every tile the spec says a tree of the checkpoint's size has,
 * and compares them with the objects in the directory, byte for byte; then the root with the checkpoint's.
 */
final class SpecTileReader {
    private static final Pattern HASH_FIELD = Pattern.compile("\"hash\":\"([0-9a-f]{64})\"");

    /** What the reader found: the checkpoint's size, how many tile objects it compared, and the first difference (null if none). */
    record Result(long size, int tilesCompared, int bundlesCompared, String difference) {}

    private SpecTileReader() {
    }

    static Result read(Path prefix, String vkey) throws Exception {
        byte[] note = Files.readAllBytes(prefix.resolve("checkpoint"));
        String text = checkSignature(note, vkey);
        String[] lines = text.split("\n");
        long size = Long.parseLong(lines[1]);
        byte[] root = Base64.getDecoder().decode(lines[2]);

        List<byte[]> entries = segmentHashes(prefix.resolve("segments"), size);
        List<byte[]> level = new ArrayList<>();
        for (byte[] e : entries) {
            level.add(sha256(new byte[] {0}, e));
        }
        byte[] treeRoot = mth(level, 0, level.size());
        if (!Arrays.equals(treeRoot, root)) {
            return new Result(size, 0, 0, "root " + HexFormat.of().formatHex(treeRoot) + " is not the checkpoint's");
        }
        int tiles = 0;
        int bundles = 0;
        for (int l = 0; !level.isEmpty(); l++) {
            List<byte[]> up = new ArrayList<>();
            for (int n = 0; n * 256 < level.size(); n++) {
                int width = Math.min(256, level.size() - n * 256);
                String path = "tile/" + l + "/" + index(n) + (width == 256 ? "" : ".p/" + width);
                ByteArrayOutputStream want = new ByteArrayOutputStream();
                for (int i = 0; i < width; i++) {
                    want.writeBytes(level.get(n * 256 + i));
                }
                if (!Arrays.equals(Files.readAllBytes(prefix.resolve(path)), want.toByteArray())) {
                    return new Result(size, tiles, bundles, path + " differs from the tile built from the segments");
                }
                tiles++;
                if (l == 0) {
                    ByteArrayOutputStream bundle = new ByteArrayOutputStream();
                    for (int i = 0; i < width; i++) {
                        bundle.write(0);
                        bundle.write(32);
                        bundle.writeBytes(entries.get(n * 256 + i));
                    }
                    String bundlePath = "tile/entries/" + index(n) + (width == 256 ? "" : ".p/" + width);
                    if (!Arrays.equals(Files.readAllBytes(prefix.resolve(bundlePath)), bundle.toByteArray())) {
                        return new Result(size, tiles, bundles, bundlePath + " differs from the bundle built from the segments");
                    }
                    bundles++;
                }
                if (width == 256) {
                    up.add(mth(level, n * 256, n * 256 + 256));
                }
            }
            level = up;
        }
        return new Result(size, tiles, bundles, null);
    }

    /** RFC 6962 MTH over already-hashed leaves {@code [from, to)}: split at the largest power of two below the count. */
    private static byte[] mth(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return sha256(new byte[] {1}, mth(leaves, from, from + k), mth(leaves, from + k, to));
    }

    private static String index(long n) {
        String s = String.format("%03d", n % 1000);
        for (n /= 1000; n > 0; n /= 1000) {
            s = String.format("x%03d/", n % 1000) + s;
        }
        return s;
    }

    /** The note's text, once the vkey's Ed25519 signature over it verifies (signed-note: key ID = SHA-256(name‖\n‖0x01‖key)[:4]). */
    private static String checkSignature(byte[] note, String vkey) throws Exception {
        String[] parts = vkey.split("\\+", 3);
        byte[] keyData = Base64.getDecoder().decode(parts[2]);
        byte[] pub = Arrays.copyOfRange(keyData, 1, 33);
        String whole = new String(note, StandardCharsets.UTF_8);
        int split = whole.indexOf("\n\n");
        String text = whole.substring(0, split + 1);
        for (String line : whole.substring(split + 2).split("\n")) {
            String prefix = "\u2014 " + parts[0] + " ";
            if (line.startsWith(prefix)) {
                byte[] sig = Base64.getDecoder().decode(line.substring(prefix.length()));
                if (HexFormat.of().formatHex(sig, 0, 4).equals(parts[1])) {
                    Signature v = Signature.getInstance("Ed25519");
                    v.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                            concat(HexFormat.of().parseHex("302a300506032b6570032100"), pub))));
                    v.update(text.getBytes(StandardCharsets.UTF_8));
                    if (v.verify(Arrays.copyOfRange(sig, 4, sig.length))) {
                        return text;
                    }
                }
            }
        }
        throw new IllegalStateException("the checkpoint has no valid signature by " + parts[0]);
    }

    /** The hash field of every event line of the gzipped NDJSON segments, in key (seq) order, up to {@code size}. */
    private static List<byte[]> segmentHashes(Path segments, long size) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(segments)) {
            for (Path f : files.sorted().toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        Matcher m = HASH_FIELD.matcher(line);
                        if (out.size() < size && m.find()) {
                            out.add(HexFormat.of().parseHex(m.group(1)));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
