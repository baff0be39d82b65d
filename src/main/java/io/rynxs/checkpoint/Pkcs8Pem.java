package io.rynxs.checkpoint;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** An Ed25519 seed as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), the form OpenSSL also reads and writes. */
final class Pkcs8Pem {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final String HINT = "expected an Ed25519 key as written by rynxs keygen"
            + " or `openssl genpkey -algorithm ed25519`";

    private Pkcs8Pem() {
    }

    static String encode(byte[] seed) {
        // The JDK's own PKCS#8 encoding (RFC 8410 OneAsymmetricKey v1), wrapped at 64 columns as PEM requires.
        byte[] der = Ed25519.privateKey(seed).getEncoded();
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }

    static byte[] decodeSeed(String pem) {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END) || text.length() < BEGIN.length() + END.length()) {
            throw new IllegalArgumentException("read signing key: not a PEM \"PRIVATE KEY\" block (" + HINT + ")");
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length());
        if (body.contains("-----")) {
            throw new IllegalArgumentException("read signing key: more than one PEM block (" + HINT + ")");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("read signing key: PEM body is not base64 (" + HINT + ")", e);
        }
        try {
            var key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof EdECPrivateKey edKey)) {
                throw new IllegalArgumentException("read signing key: not an Ed25519 key (" + HINT + ")");
            }
            byte[] seed = edKey.getBytes().orElseThrow(() -> new IllegalArgumentException(
                    "read signing key: the key's bytes are not extractable (" + HINT + ")"));
            if (seed.length != Ed25519.SEED_BYTES) {
                throw new IllegalArgumentException("read signing key: the key is " + seed.length
                        + " bytes, not 32 (" + HINT + ")");
            }
            return seed;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("read signing key: not a PKCS#8 Ed25519 key: " + e.getMessage()
                    + " (" + HINT + ")", e);
        }
    }
}
