package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rynxs.event.Sha256;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.segment.PutResult;
import io.rynxs.segment.SegmentCode;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StoredCheckpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sealing, shipping, verifying and restoring against a real S3 server (s3proxy) and a local directory. */
class ShippingIT {
    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    static S3ProxyServer server;

    @BeforeAll
    static void startS3() {
        server = new S3ProxyServer(serverDir);
        server.start();
    }

    @AfterAll
    static void stopS3() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "local"})
    void shipped_segments_verify_and_restore_to_the_same_states_at_the_head_and_at_a_middle_seq(String kind) {
        try (Bucket bucket = Bucket.create(kind, server, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("source.db"), 2)) {
            log.append(100);
            Shipper shipper = log.shipper(objects, bucket.layout, 40);

            ShipResult first = shipper.runOnce();
            assertThat(first.shipped()).containsExactly("1-40", "41-80");
            assertThat(shipper.runOnce().shipped()).as("the young tail waits for the policy").isEmpty();
            ShipResult forced = shipper.runOnce(true);
            long head = log.store.head().seq();
            assertThat(forced.shipped()).containsExactly("81-" + head);
            assertThat(forced.unshipped()).isZero();
            assertThat(log.ledger.all()).allMatch(SegmentRecord::shipped).hasSize(3);

            SegmentReport report = new SegmentVerifier(objects, bucket.layout, TestLog.SIGNER.verifierKey()).verify();
            assertThat(report.failure()).isEmpty();
            assertThat(report.events()).isEqualTo(head);
            assertThat(report.head()).isEqualTo(log.store.head().hash());
            assertThat(objects.list(bucket.layout.segmentsPrefix())).hasSize(3);

            for (long toSeq : new long[] {0, 57}) {
                Path db = dir.resolve("restored-" + toSeq + ".db");
                try (TestLog restored = new TestLog(db, 2)) {
                    SegmentReport r = new Restore(objects, bucket.layout, TestLog.SIGNER.verifierKey(), Clock.systemUTC())
                            .run(restored.store, restored.history, restored.checkpoints, toSeq);
                    long expectedHead = toSeq == 0 ? head : toSeq;
                    assertThat(r.failure()).isEmpty();
                    assertThat(restored.store.head().seq()).isEqualTo(expectedHead);
                    assertThat(restored.store.head().hash()).isEqualTo(log.store.event(expectedHead).orElseThrow().hash());
                    assertThat(restored.store.verify(1, 0).ok()).isTrue();
                    for (long n : new long[] {1, 40, 41, 57, expectedHead}) {
                        assertThat(restored.history.at(n).hash()).as("state at %d", n).isEqualTo(log.history.at(n).hash());
                        assertThat(restored.store.root(n)).as("root at %d", n).isEqualTo(log.store.root(n));
                    }
                    List<Long> checkpointSizes = restored.checkpoints.list(0, 100).stream().map(StoredCheckpoint::treeSize).toList();
                    assertThat(checkpointSizes).isEqualTo(toSeq == 0 ? List.of(40L, 80L, head) : List.of(40L));
                    assertThat(restored.ledger.all()).hasSize(toSeq == 0 ? 3 : 1).allMatch(SegmentRecord::shipped);
                    assertThat(restored.checkpoints.origin()).contains(TestLog.SIGNER.verifierKey().name());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "local"})
    void a_second_writer_continuing_at_the_same_seq_gets_a_conflict_and_stops_shipping(String kind) {
        try (Bucket bucket = Bucket.create(kind, server, dir); ObjectStore objects = bucket.open();
             TestLog a = new TestLog(dir.resolve("a.db"), 1); TestLog b = new TestLog(dir.resolve("b.db"), 2)) {
            a.append(12);
            b.append(24);
            a.shipper(objects, bucket.layout, 1000).runOnce(true);
            Shipper second = b.shipper(objects, bucket.layout, 1000);

            assertThatThrownBy(() -> second.runOnce(true)).isInstanceOf(ShippingConflictException.class)
                    .hasMessageContaining(bucket.layout.manifestKey(1));
            assertThat(second.isStopped()).isTrue();
            assertThatThrownBy(() -> second.runOnce(true)).as("stays stopped").isInstanceOf(ShippingConflictException.class);
            assertThat(b.failures).as("the conflict is counted once").containsExactly("conflict");
            SegmentReport report = new SegmentVerifier(objects, bucket.layout, TestLog.SIGNER.verifierKey()).verify();
            assertThat(report.failure()).isEmpty();
            assertThat(report.head()).as("the first writer's chain stands").isEqualTo(a.store.head().hash());
            assertThat(report.orphans()).as("the loser's segment object").containsExactly(bucket.layout.segmentKey(1, 24));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "local"})
    void a_shipper_killed_between_segment_and_manifest_is_resumed_by_a_fresh_one(String kind) {
        try (Bucket bucket = Bucket.create(kind, server, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("log.db"), 1)) {
            log.append(30);
            ObjectStore crashesAtManifest = new FailingStore(objects, "/manifests/");
            assertThatThrownBy(() -> log.shipper(crashesAtManifest, bucket.layout, 1000).runOnce(true))
                    .isInstanceOf(ObjectStoreException.class);
            assertThat(objects.list(bucket.layout.segmentsPrefix())).hasSize(1);
            assertThat(objects.list(bucket.layout.manifestsPrefix())).isEmpty();
            log.append(6);

            ShipResult resumed = log.shipper(objects, bucket.layout, 1000).runOnce(true);

            assertThat(resumed.shipped()).containsExactly("1-30", "31-36");
            SegmentReport report = new SegmentVerifier(objects, bucket.layout, TestLog.SIGNER.verifierKey()).verify();
            assertThat(report.failure()).isEmpty();
            assertThat(report.events()).isEqualTo(36);
            assertThat(report.orphans()).isEmpty();
            assertThat(objects.list(bucket.layout.segmentsPrefix())).hasSize(2);
        }
    }

    @Test
    void the_s3_server_stopped_mid_shipping_and_started_again_leaves_no_gap_and_no_duplicate() {
        try (Bucket bucket = Bucket.create("s3", server, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("log.db"), 1)) {
            log.append(30);
            Shipper shipper = log.shipper(objects, bucket.layout, 12);
            assertThat(shipper.runOnce().shipped()).containsExactly("1-12", "13-24");
            log.append(30);

            server.stop();
            try {
                assertThatThrownBy(shipper::runOnce).isInstanceOf(ObjectStoreException.class);
                assertThatThrownBy(shipper::runOnce).isInstanceOf(ObjectStoreException.class);
            } finally {
                server.start();
            }
            ShipResult after = shipper.runOnce(true);

            assertThat(after.shipped()).containsExactly("25-36", "37-48", "49-60");
            assertThat(log.failures).containsExactly("io", "io");
            assertThat(log.ledger.all()).extracting(SegmentRecord::first).containsExactly(1L, 13L, 25L, 37L, 49L);
            assertThat(objects.list(bucket.layout.segmentsPrefix())).hasSize(5);
            assertThat(objects.list(bucket.layout.manifestsPrefix())).hasSize(5);
            assertThat(objects.list(bucket.layout.checkpointsPrefix())).hasSize(5);
            SegmentReport report = new SegmentVerifier(objects, bucket.layout, TestLog.SIGNER.verifierKey()).verify();
            assertThat(report.failure()).isEmpty();
            assertThat(report.events()).isEqualTo(60);
            assertThat(report.orphans()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "local"})
    void objects_altered_removed_or_moved_in_the_bucket_are_reported_with_their_segment_and_code(String kind) {
        try (Bucket bucket = Bucket.create(kind, server, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("log.db"), 1)) {
            log.append(36);
            log.shipper(objects, bucket.layout, 12).runOnce();
            SegmentVerifier verifier = new SegmentVerifier(objects, bucket.layout, TestLog.SIGNER.verifierKey());
            String seg2 = bucket.layout.segmentKey(13, 24);
            String seg3 = bucket.layout.segmentKey(25, 36);
            byte[] original2 = objects.get(seg2).orElseThrow();
            byte[] original3 = objects.get(seg3).orElseThrow();

            byte[] altered = original2.clone();
            altered[altered.length / 2] ^= 0x20;
            bucket.overwrite(seg2, altered);
            SegmentReport r = verifier.verify();
            assertThat(r.failure().orElseThrow().segment()).isEqualTo(seg2);
            assertThat(r.failure().orElseThrow().code()).isIn(SegmentCode.OBJECT_CORRUPT, SegmentCode.HASH_MISMATCH,
                    SegmentCode.LINE_MALFORMED, SegmentCode.CHECKSUM_MISMATCH);
            assertThat(r.segments()).isEqualTo(1);

            bucket.overwrite(seg2, original3);
            r = verifier.verify();
            assertThat(r.failure().orElseThrow().code()).as("segment 3's object moved under segment 2's key").isEqualTo(SegmentCode.SEQ_GAP);
            assertThat(r.failure().orElseThrow().segment()).isEqualTo(seg2);
            assertThat(r.failure().orElseThrow().seq()).isEqualTo(13);

            bucket.overwrite(seg2, original2);
            bucket.delete(seg3);
            r = verifier.verify();
            assertThat(r.failure().orElseThrow().code()).isEqualTo(SegmentCode.MISSING_OBJECT);
            assertThat(r.failure().orElseThrow().segment()).isEqualTo(seg3);
            assertThat(r.segments()).isEqualTo(2);

            bucket.overwrite(seg3, original3);
            assertThat(verifier.verify().failure()).as("put back, everything verifies").isEmpty();
        }
    }

    @Test
    void the_s3_store_refuses_to_overwrite_and_compares_what_is_there() {
        try (Bucket bucket = Bucket.create("s3", server, dir); ObjectStore objects = bucket.open()) {
            byte[] a = "a".getBytes();
            String sha = Sha256.hex(a);
            assertThat(objects.putIfAbsent("k/1", a, sha)).isEqualTo(PutResult.CREATED);
            assertThat(objects.putIfAbsent("k/1", a, sha)).isEqualTo(PutResult.IDENTICAL_EXISTS);
            assertThat(objects.putIfAbsent("k/1", "b".getBytes(), Sha256.hex("b".getBytes()))).isEqualTo(PutResult.CONFLICT);
            assertThat(objects.get("k/1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(a));
            assertThatThrownBy(() -> objects.putIfAbsent("k/2", a, Sha256.hex("b".getBytes())))
                    .as("the server checks the SHA-256 header").isInstanceOf(ObjectStoreException.class);
            assertThat(objects.exists("k/2")).isFalse();
            assertThat(objects.get("k/2")).isEmpty();
        }
    }

    @Test
    void every_new_object_is_created_by_its_first_attempt_never_found_existing_by_a_retry_of_it() {
        try (Bucket bucket = Bucket.create("s3", server, dir); ObjectStore objects = bucket.open()) {
            Random random = new Random(5);
            for (int i = 0; i < 90; i++) {
                // What one segment uploads: the object, then a manifest and a checkpoint of a few hundred bytes.
                byte[] bytes = new byte[i % 3 == 0 ? 1_500_000 : 400 + i];
                random.nextBytes(bytes);
                assertThat(objects.putIfAbsent("k/" + i, bytes, Sha256.hex(bytes))).as("put %d", i)
                        .isEqualTo(PutResult.CREATED);
            }
        }
    }

    /** Fails every put whose key contains a marker: a process that dies right before that write. */
    private record FailingStore(ObjectStore delegate, String marker) implements ObjectStore {
        @Override
        public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
            if (key.contains(marker)) {
                throw new ObjectStoreException("simulated crash before writing " + key);
            }
            return delegate.putIfAbsent(key, bytes, sha256);
        }

        @Override
        public void replace(String key, byte[] bytes, String sha256) {
            delegate.replace(key, bytes, sha256);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return delegate.get(key);
        }

        @Override
        public boolean exists(String key) {
            return delegate.exists(key);
        }

        @Override
        public List<String> list(String prefix) {
            return delegate.list(prefix);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
