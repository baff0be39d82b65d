package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.rynxs.segment.Gzip;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentReport;
import io.rynxs.segment.SegmentVerifier;
import io.rynxs.store.SegmentRecord;
import io.rynxs.store.StoreException;
import io.rynxs.tlog.TileVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger says what was shipped, the sink must hold it: a database pointed at another sink, or a sink that lost objects,
 * gets the missing segments again from the log (byte for byte what was sealed), and the sink then verifies as whole.
 */
class SinkSwitchIT {
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
    void a_database_switched_from_a_directory_to_another_sink_back_fills_it_and_the_new_sink_verifies_whole(String kind) {
        try (Bucket old = Bucket.create("local", server, dir); ObjectStore oldObjects = old.open();
             Bucket fresh = Bucket.create(kind, server, dir); ObjectStore newObjects = fresh.open();
             TestLog log = new TestLog(dir.resolve("log.db"), 1)) {
            log.appendAudit(95);
            ShipResult before = log.shipper(oldObjects, old.layout, 40).runOnce(true);
            long firstHead = log.store.head().seq();
            assertThat(before.shipped()).hasSize(3);
            List<String> oldKeys = oldObjects.list(old.layout.prefix());
            log.appendAudit(30);
            long head = log.store.head().seq();

            Shipper switched = log.shipper(newObjects, fresh.layout, 40);
            ShipResult r = switched.runOnce(true);

            assertThat(r.backfilled()).as("what the ledger had shipped elsewhere").isEqualTo(before.shipped());
            assertThat(r.shipped()).as("then the new tail").isNotEmpty();
            assertThat(r.shippedThrough()).isEqualTo(head);
            assertThat(r.unshipped()).isZero();
            SegmentReport report = new SegmentVerifier(newObjects, fresh.layout, TestLog.SIGNER.verifierKey()).verify();
            assertThat(report.failure()).as("the new sink is whole: no SEQ_GAP at 1").isEmpty();
            assertThat(report.events()).isEqualTo(head);
            assertThat(report.head()).isEqualTo(log.store.head().hash());
            assertThat(new TileVerifier(newObjects, fresh.layout.prefix(), TestLog.SIGNER.verifierKey()).verify().ok())
                    .as("and so is its tiled log").isTrue();
            for (SegmentRecord s : log.ledger.all().subList(0, 3)) {
                String key = fresh.layout.segmentKey(s.first(), s.last());
                assertThat(newObjects.get(key)).as(key).contains(oldObjects.get(key).orElseThrow());
            }
            assertThat(oldObjects.list(old.layout.prefix())).as("the old sink is left as it was").isEqualTo(oldKeys);
            assertThat(firstHead).isLessThan(head);

            assertThat(switched.runOnce(true).backfilled()).as("once is enough").isEmpty();
            ShipResult restarted = log.shipper(newObjects, fresh.layout, 40).runOnce(true);
            assertThat(restarted.backfilled()).as("a restarted shipper finds the sink whole").isEmpty();
            assertThat(restarted.shippedThrough()).isEqualTo(head);
        }
    }

    @Test
    void segments_deleted_from_the_sink_are_written_again_by_the_next_shipper_from_the_first_missing_one() {
        try (Bucket bucket = Bucket.create("s3", server, dir); ObjectStore objects = bucket.open();
             TestLog log = new TestLog(dir.resolve("log.db"), 1)) {
            log.appendAudit(120);
            log.shipper(objects, bucket.layout, 25).runOnce(true);
            List<SegmentRecord> rows = log.ledger.all();
            SegmentRecord third = rows.get(2);
            SegmentRecord last = rows.get(rows.size() - 1);
            bucket.delete(bucket.layout.segmentKey(third.first(), third.last()));
            bucket.delete(bucket.layout.manifestKey(last.first()));
            assertThat(new SegmentVerifier(objects, bucket.layout, TestLog.SIGNER.verifierKey()).verify().failure())
                    .as("the cut sink does not verify").isPresent();

            ShipResult r = log.shipper(objects, bucket.layout, 25).runOnce(true);

            assertThat(r.backfilled()).first().isEqualTo(third.first() + "-" + third.last());
            assertThat(r.backfilled()).last().isEqualTo(last.first() + "-" + last.last());
            assertThat(r.shippedThrough()).isEqualTo(log.store.head().seq());
            SegmentReport report = new SegmentVerifier(objects, bucket.layout, TestLog.SIGNER.verifierKey()).verify();
            assertThat(report.failure()).isEmpty();
            assertThat(report.events()).isEqualTo(log.store.head().seq());
        }
    }

    @Test
    void segments_sealed_by_zlib_are_rebuilt_byte_for_byte_by_a_shipper_that_seals_with_libdeflate() {
        assumeThat(SegmentGzips.whyNotLibdeflate()).as("libdeflate loads here").isNull();
        try (Bucket old = Bucket.create("local", server, dir); ObjectStore oldObjects = old.open();
             Bucket fresh = Bucket.create("s3", server, dir); ObjectStore newObjects = fresh.open();
             TestLog log = new TestLog(dir.resolve("log.db"), 1)) {
            log.appendAudit(60);
            log.shipper(oldObjects, old.layout, new ShippingPolicy(30, Duration.ofDays(1), Gzip.ZLIB)).runOnce(true);

            ShipResult r = log.shipper(newObjects, fresh.layout, new ShippingPolicy(30, Duration.ofDays(1), Libdeflate.GZIP)).runOnce(true);

            assertThat(r.backfilled()).hasSize(log.ledger.all().size());
            for (SegmentRecord s : log.ledger.all()) {
                String key = fresh.layout.segmentKey(s.first(), s.last());
                assertThat(newObjects.get(key)).as(key).contains(oldObjects.get(key).orElseThrow());
            }
        }
    }

    @Test
    void a_segment_no_gzip_here_can_rebuild_stops_the_back_fill_naming_what_to_copy_and_it_resumes_once_copied() {
        try (Bucket old = Bucket.create("local", server, dir); ObjectStore oldObjects = old.open();
             Bucket fresh = Bucket.create("s3", server, dir); ObjectStore newObjects = fresh.open();
             TestLog log = new TestLog(dir.resolve("log.db"), 1)) {
            log.appendAudit(60);
            // Sealed by a gzip this build does not have (zlib at level 9): its bytes cannot be made again from the rows.
            log.shipper(oldObjects, old.layout, new ShippingPolicy(30, Duration.ofDays(1), ZLIB_9)).runOnce(true);
            SegmentRecord first = log.ledger.all().get(0);
            Shipper switched = log.shipper(newObjects, fresh.layout, 30);

            assertThatThrownBy(() -> switched.runOnce(true)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("ship segment 1-" + first.last())
                    .hasMessageContaining("cannot rebuild byte for byte")
                    .hasMessageContaining("copy its segment, manifest and checkpoint objects");
            assertThat(newObjects.list(fresh.layout.segmentsPrefix())).as("nothing half-written").isEmpty();
            assertThat(log.failures).containsExactly("store");

            for (String key : oldObjects.list(old.layout.prefix())) {
                if (!key.endsWith("/checkpoint") && !key.contains("/tile/")) {
                    newObjects.putIfAbsent(key, oldObjects.get(key).orElseThrow(), io.rynxs.event.Sha256.hex(oldObjects.get(key).orElseThrow()));
                }
            }
            ShipResult r = switched.runOnce(true);
            assertThat(r.backfilled()).as("the copied sink is listed again, and found whole").isEmpty();
            assertThat(r.shippedThrough()).isEqualTo(log.store.head().seq());
            assertThat(new SegmentVerifier(newObjects, fresh.layout, TestLog.SIGNER.verifierKey()).verify().failure()).isEmpty();
            assertThat(new TileVerifier(newObjects, fresh.layout.prefix(), TestLog.SIGNER.verifierKey()).verify().ok()).isTrue();
        }
    }

    /** Standard gzip at zlib's level 9: valid segments, other bytes than any sealing setting makes. */
    private static final Gzip ZLIB_9 = new Gzip() {
        @Override
        public String name() {
            return "zlib-9";
        }

        @Override
        public Compression start(int expectedBytes) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedBytes);
            GZIPOutputStream out;
            try {
                out = new GZIPOutputStream(bytes) {
                    {
                        def.setLevel(Deflater.BEST_COMPRESSION);
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Compression() {
                @Override
                public void write(byte[] b, int off, int len) {
                    try {
                        out.write(b, off, len);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public byte[] finish() {
                    try {
                        out.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return bytes.toByteArray();
                }
            };
        }
    };
}
