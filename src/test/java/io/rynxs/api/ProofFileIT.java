package io.rynxs.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.checkpoint.CosignerKey;
import io.rynxs.checkpoint.SignedNote;
import io.rynxs.event.Event;
import io.rynxs.store.Cosignatures;
import io.rynxs.tlog.Policy;
import io.rynxs.tlog.ProofCheck;
import io.rynxs.tlog.ProofCheck.Code;
import io.rynxs.tlog.ProofFile;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/proofs/{seq}.tlog-proof} over real HTTP on a real SQLite log, and the offline check of what it
 * serves: an honest file verifies against the log key (and, once a witness cosigned, against a policy that needs
 * it); every altered part of the file is named by the check.
 */
class ProofFileIT {
    @TempDir
    Path dir;

    ApiHarness api;
    List<Event> events;

    @BeforeEach
    void start() {
        api = new ApiHarness(dir);
        events = api.seed(37);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private byte[] fetch(long seq) {
        HttpResponse<String> r = api.get("/api/v1/proofs/" + seq + ".tlog-proof");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().getBytes(StandardCharsets.UTF_8);
    }

    private Policy logOnly() {
        return Policy.ofLog(api.signer.verifierKey());
    }

    @Test
    void a_seq_no_checkpoint_covers_is_a_404_naming_the_newest_checkpoint_and_a_bad_seq_a_400() {
        HttpResponse<String> none = api.get("/api/v1/proofs/5.tlog-proof");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("no signed checkpoint covers seq 5").contains("the newest is none");
        api.checkpoints.create(api.signer);
        api.seed(3);
        HttpResponse<String> beyond = api.get("/api/v1/proofs/39.tlog-proof");
        assertThat(beyond.statusCode()).isEqualTo(404);
        assertThat(beyond.body()).contains("tree size 37");
        assertThat(api.get("/api/v1/proofs/0.tlog-proof").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/proofs/x.tlog-proof").statusCode()).isEqualTo(400);
    }

    @Test
    void every_event_s_proof_file_verifies_offline_and_carries_the_event() {
        api.checkpoints.create(api.signer);
        for (long seq : new long[] {1, 2, 17, 32, 36, 37}) {
            byte[] file = fetch(seq);
            assertThat(new String(file, StandardCharsets.UTF_8)).startsWith(ProofFile.HEADER + "\n");
            ProofCheck.Report r = ProofCheck.verify(file, logOnly(), null);
            assertThat(r.ok()).as(r.message()).isTrue();
            assertThat(r.seq()).isEqualTo(seq);
            assertThat(r.treeSize()).isEqualTo(37);
            assertThat(r.event().line()).isEqualTo(events.get((int) seq - 1).line());
            assertThat(ProofCheck.verify(file, logOnly(), events.get((int) seq - 1).hashBytes()).ok()).isTrue();
        }
    }

    @Test
    void each_altered_part_of_the_file_is_named() {
        api.checkpoints.create(api.signer);
        ProofFile honest = ProofFile.parse(fetch(17));

        String line = new String(honest.extra(), StandardCharsets.UTF_8);
        byte[] otherPayload = line.replace("\"i\":16", "\"i\":99").getBytes(StandardCharsets.UTF_8);
        assertThat(otherPayload).isNotEqualTo(honest.extra());
        assertThat(code(new ProofFile(otherPayload, honest.index(), honest.hashes(), honest.checkpoint()), logOnly()))
                .isIn(Code.EVENT_INVALID, Code.INCLUSION_FAILED);

        byte[] neighbour = events.get(17).line().getBytes(StandardCharsets.UTF_8);
        assertThat(code(new ProofFile(neighbour, honest.index(), honest.hashes(), honest.checkpoint()), logOnly())).isEqualTo(Code.EVENT_INVALID);
        assertThat(code(new ProofFile(neighbour, honest.index() + 1, honest.hashes(), honest.checkpoint()), logOnly()))
                .isEqualTo(Code.INCLUSION_FAILED);

        List<io.rynxs.merkle.Hash32> hashes = new ArrayList<>(honest.hashes());
        byte[] flipped = hashes.get(1).bytes();
        flipped[0] ^= 1;
        hashes.set(1, new io.rynxs.merkle.Hash32(flipped));
        assertThat(code(new ProofFile(honest.extra(), honest.index(), hashes, honest.checkpoint()), logOnly())).isEqualTo(Code.INCLUSION_FAILED);
        assertThat(code(new ProofFile(honest.extra(), honest.index(), honest.hashes().subList(1, honest.hashes().size()), honest.checkpoint()),
                logOnly())).isEqualTo(Code.INCLUSION_FAILED);

        String note = new String(honest.checkpoint(), StandardCharsets.UTF_8);
        byte[] otherSize = note.replaceFirst("\n37\n", "\n38\n").getBytes(StandardCharsets.UTF_8);
        assertThat(code(new ProofFile(honest.extra(), honest.index(), honest.hashes(), otherSize), logOnly())).isEqualTo(Code.BAD_SIGNATURE);

        Policy stranger = Policy.ofLog(io.rynxs.checkpoint.Ed25519Signer.generate(ApiHarness.ORIGIN).verifierKey());
        assertThat(code(honest, stranger)).isEqualTo(Code.BAD_SIGNATURE);
        Policy otherLog = Policy.ofLog(io.rynxs.checkpoint.Ed25519Signer.generate("another.example/log").verifierKey());
        assertThat(code(honest, otherLog)).isEqualTo(Code.UNKNOWN_LOG);

        byte[] truncated = Arrays.copyOf(honest.toBytes(), 40);
        assertThat(ProofCheck.verify(truncated, logOnly(), null).code()).isEqualTo(Code.MALFORMED);
        assertThat(ProofCheck.verify(honest.toBytes(), logOnly(), events.get(3).hashBytes()).code()).isEqualTo(Code.EVENT_INVALID);
    }

    @Test
    void a_stored_cosignature_is_served_in_the_file_and_the_quorum_is_checked_against_it() throws Exception {
        api.checkpoints.create(api.signer);
        Witness w1 = new Witness("w1.example");
        Witness w2 = new Witness("w2.example");
        String note = api.checkpoints.latest().orElseThrow().note();
        String body = SignedNote.text(note.getBytes(StandardCharsets.UTF_8));
        new Cosignatures(api.store).add(37, body, "w1", w1.line(1_700_000_000L, body), Instant.now());

        byte[] file = fetch(20);
        assertThat(new String(file, StandardCharsets.UTF_8)).contains("\u2014 w1.example ");
        Policy needsW1 = policy(w1, w2, "quorum w1");
        ProofCheck.Report met = ProofCheck.verify(file, needsW1, null);
        assertThat(met.ok()).as(met.message()).isTrue();
        assertThat(met.cosigners()).containsExactly("w1");
        assertThat(ProofCheck.verify(file, policy(w1, w2, "group both all w1 w2\nquorum both"), null).code()).isEqualTo(Code.QUORUM_NOT_MET);
        // The checkpoint endpoint serves the same cosignature.
        assertThat(api.get("/api/v1/checkpoints/37").body()).isEqualTo(note + w1.line(1_700_000_000L, body));

        // A cosignature line under w1's name and key id that w1 did not make.
        String forged = new Witness("w1.example", w1).line(1_700_000_000L, body);
        String withForged = new String(file, StandardCharsets.UTF_8).replace(w1.line(1_700_000_000L, body), forged);
        assertThat(withForged).isNotEqualTo(new String(file, StandardCharsets.UTF_8));
        assertThat(ProofCheck.verify(withForged.getBytes(StandardCharsets.UTF_8), needsW1, null).code())
                .isIn(Code.BAD_SIGNATURE, Code.QUORUM_NOT_MET);
        // Cosigned over another checkpoint body: does not count.
        String otherBody = body.replaceFirst("\n37\n", "\n36\n");
        String misplaced = new String(file, StandardCharsets.UTF_8).replace(w1.line(1_700_000_000L, body), w1.line(1_700_000_000L, otherBody));
        assertThat(ProofCheck.verify(misplaced.getBytes(StandardCharsets.UTF_8), needsW1, null).code())
                .isIn(Code.BAD_SIGNATURE, Code.QUORUM_NOT_MET);
    }

    private static Code code(ProofFile f, Policy p) {
        return ProofCheck.verify(f.toBytes(), p, null).code();
    }

    private Policy policy(Witness a, Witness b, String quorum) {
        return Policy.parse("log " + api.signer.verifierKey() + "\nwitness w1 " + a.vkey + "\nwitness w2 " + b.vkey + "\n" + quorum + "\n");
    }

    /** A cosigner written from the tlog-cosignature spec with the JDK alone. */
    private static final class Witness {
        final String name;
        final KeyPair keys;
        final byte[] keyId;
        final String vkey;

        Witness(String name) throws Exception {
            this.name = name;
            this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] enc = keys.getPublic().getEncoded();
            byte[] pub = Arrays.copyOfRange(enc, enc.length - 32, enc.length);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((name + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x04);
            sha.update(pub);
            this.keyId = Arrays.copyOf(sha.digest(), 4);
            byte[] data = new byte[33];
            data[0] = 0x04;
            System.arraycopy(pub, 0, data, 1, 32);
            this.vkey = name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(data);
            CosignerKey.parse(vkey);
        }

        /** Another key under {@code impostor}'s name and key id. */
        Witness(String name, Witness impostor) throws Exception {
            this.name = name;
            this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            this.keyId = impostor.keyId;
            this.vkey = impostor.vkey;
        }

        String line(long time, String body) throws Exception {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(keys.getPrivate());
            s.update(("cosignature/v1\ntime " + time + "\n" + body).getBytes(StandardCharsets.UTF_8));
            byte[] sig = s.sign();
            ByteBuffer b = ByteBuffer.allocate(76).put(keyId).putLong(time).put(sig);
            return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(b.array()) + "\n";
        }
    }
}
