package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.checkpoint.CosignerKey;
import io.rynxs.checkpoint.SignedNote;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import io.rynxs.tlog.Policy;
import io.rynxs.tlog.TileVerifier;
import io.rynxs.witness.TestWitness;
import io.rynxs.witness.WitnessClient;
import io.rynxs.witness.WitnessMetrics;
import io.rynxs.witness.Witnessing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipper with a witness, as {@code serve} wires it: the sink's checkpoint object moves only when the quorum
 * cosigned, and then carries the witness's cosignature line, which verifies under the witness's key; the tiled log
 * stays verifiable with the extra line.
 */
@Timeout(120)
class WitnessedShippingIT {
    @TempDir
    Path dir;

    /** A clock the test moves, so the witnessing rate bound is crossed without waiting. */
    static final class Hand extends Clock {
        Instant now = Instant.parse("2026-12-04T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void the_checkpoint_object_waits_for_the_quorum_and_then_carries_the_cosignature() throws Exception {
        Path sink = dir.resolve("sink");
        Hand clock = new Hand();
        try (TestWitness w = TestWitness.start("witness.example/w1");
             TestLog log = new TestLog(dir.resolve("log.db"), 5);
             ObjectStore objects = new LocalDirectoryObjectStore(sink)) {
            w.trustLog(TestLog.SIGNER.verifierKey().toString());
            Policy policy = Policy.parse("witness w1 " + w.vkey() + " " + w.url() + "\nquorum w1\n");
            try (Witnessing witnessing = new Witnessing(policy, log.store, new WitnessClient(Duration.ofSeconds(5)), Duration.ofSeconds(60),
                    clock, WitnessMetrics.NONE)) {
                w.misbehave(TestWitness.Mode.UNAVAILABLE);
                log.appendAudit(1_000);
                log.shipper(objects, SegmentLayout.DEFAULT, 400).witnessedBy(witnessing).runOnce(true);
                Path checkpoint = sink.resolve("events/checkpoint");
                assertThat(checkpoint).as("no quorum: nothing published").doesNotExist();
                assertThat(sink.resolve("events/tile/entries/003.p/232")).as("the tiles are written anyway (1,000 = 3 * 256 + 232)").exists();

                w.misbehave(TestWitness.Mode.NONE);
                clock.now = clock.now.plusSeconds(61);
                log.appendAudit(500);
                log.shipper(objects, SegmentLayout.DEFAULT, 400).witnessedBy(witnessing).runOnce(true);
                byte[] note = Files.readAllBytes(checkpoint);
                String text = new String(note, StandardCharsets.UTF_8);
                assertThat(text).startsWith("rynxs.example/ship\n1500\n").contains("\n\u2014 witness.example/w1 ");
                CosignerKey key = CosignerKey.parse(w.vkey());
                assertThat(SignedNote.signers(note, List.of(key))).containsExactly(key);
                assertThat(w.latestSize("rynxs.example/ship")).isEqualTo(1_500);
            }
            TileVerifier.Report r = new TileVerifier(objects, SegmentLayout.DEFAULT.prefix(), TestLog.SIGNER.verifierKey()).verify();
            assertThat(r.ok()).as(r.toString()).isTrue();
            assertThat(r.treeSize()).isEqualTo(1_500);
        }
    }
}
