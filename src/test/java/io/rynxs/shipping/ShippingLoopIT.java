package io.rynxs.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.segment.PutResult;
import io.rynxs.segment.SegmentLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's step: back off while the store fails, recover at once, stop for good on a conflict. No sleeping. */
class ShippingLoopIT {
    @TempDir
    Path dir;

    @Test
    void failures_double_the_delay_up_to_the_cap_success_resets_it_and_a_conflict_ends_the_loop() {
        AtomicReference<String> mode = new AtomicReference<>("down");
        LocalDirectoryObjectStore disk = new LocalDirectoryObjectStore(dir.resolve("bucket"));
        ObjectStore flaky = new ObjectStore() {
            @Override
            public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
                return switch (mode.get()) {
                    case "down" -> throw new ObjectStoreException("server down");
                    case "conflict" -> PutResult.CONFLICT;
                    default -> disk.putIfAbsent(key, bytes, sha256);
                };
            }

            @Override
            public void replace(String key, byte[] bytes, String sha256) {
                if (mode.get().equals("down")) {
                    throw new ObjectStoreException("server down");
                }
                disk.replace(key, bytes, sha256);
            }

            @Override
            public Optional<byte[]> get(String key) {
                return disk.get(key);
            }

            @Override
            public boolean exists(String key) {
                return disk.exists(key);
            }

            @Override
            public List<String> list(String prefix) {
                return disk.list(prefix);
            }

            @Override
            public String describe() {
                return "flaky";
            }
        };
        try (TestLog log = new TestLog(dir.resolve("log.db"), 1)) {
            log.append(12);
            ShippingLoop loop = new ShippingLoop(log.shipper(flaky, SegmentLayout.DEFAULT, 6),
                    Duration.ofSeconds(1), Duration.ofSeconds(5));

            assertThat(loop.step()).isEqualTo(Duration.ofSeconds(1));
            assertThat(loop.step()).isEqualTo(Duration.ofSeconds(2));
            assertThat(loop.step()).isEqualTo(Duration.ofSeconds(4));
            assertThat(loop.step()).isEqualTo(Duration.ofSeconds(5));
            mode.set("up");
            assertThat(loop.step()).isEqualTo(Duration.ofSeconds(1));
            assertThat(log.ledger.shippedThrough()).isEqualTo(12);
            log.append(6);
            mode.set("conflict");
            assertThat(loop.step()).as("a conflict stops the loop").isNull();
            mode.set("up");
            assertThat(loop.step()).as("and it stays stopped").isNull();
            assertThat(log.ledger.shippedThrough()).isEqualTo(12);
        }
    }
}
